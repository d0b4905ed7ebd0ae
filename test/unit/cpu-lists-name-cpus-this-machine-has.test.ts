import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { cpusOf, missingCpus, onCpus, tasksetBinary } from '../../harness/util/cpu-placement.ts';
import { parseExperiment } from '../../harness/experiment-file/load-experiment.ts';

describe('CPU placement', () => {
  it('reads taskset CPU lists', () => {
    expect(cpusOf('0')).toEqual([0]);
    expect(cpusOf('0-2,5')).toEqual([0, 1, 2, 5]);
    expect(cpusOf('3-1')).toBeUndefined();
  });

  it('names CPUs the machine does not have, and refuses them before anything starts', () => {
    const beyond = os.availableParallelism();
    expect(missingCpus(`0,${beyond}`)).toEqual([beyond]);
    expect(() => parseExperiment('x.yaml', `cluster: { provider: local, cpus: "${beyond}" }`)).toThrow(
      new RegExp(`cluster.cpus: names CPU ${beyond}, and this machine has ${beyond}`),
    );
    expect(() => parseExperiment('x.yaml', 'workload: { cpus: "one" }')).toThrow(/workload.cpus: .*CPU list as taskset takes it/);
    expect(() => parseExperiment('x.yaml', 'cluster: { provider: external, bootstrapServers: ["127.0.0.1:9092"], cpus: "0" }')).toThrow(
      /cluster.cpus: places brokers the harness starts/,
    );
  });

  it('starts a command under taskset only when a placement is asked for', () => {
    expect(onCpus('java', ['-version'], undefined)).toEqual({ command: 'java', args: ['-version'] });
    expect(onCpus('java', ['-version'], '1')).toEqual({ command: tasksetBinary(), args: ['-c', '1', 'java', '-version'] });
  });
});
