import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Experiment, loadExperiment, parseExperiment } from '../../harness/experiment-file/load-experiment.ts';
import { repoRoot } from '../../harness/paths.ts';
import { writeResolvedExperiment } from '../../harness/runner/run-folder.ts';

/** What a run is: everything but where its file came from and how each variant was written in it. */
const whatRuns = (experiment: Experiment) => {
  const { file: _file, variants, ...rest } = experiment;
  return { ...rest, variants: variants.map(({ name, setup }) => ({ name, setup })) };
};

describe("a run folder's experiment.yaml", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  /** Writes the experiment as a run folder does, and reads that file back as an experiment file. */
  const resolvedAgain = async (experiment: Experiment) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kafka-lab-resolved-'));
    dirs.push(dir);
    await writeResolvedExperiment(dir, experiment);
    const file = path.join(dir, 'experiment.yaml');
    return parseExperiment(file, await readFile(file, 'utf8'));
  };

  // limits has a ramp, aa-check repetitions: auto, partitions a matrix, broker-failure a fault; thresholds are set here.
  it.each([
    ['quickstart', []],
    ['limits', []],
    ['aa-check', []],
    ['partitions', []],
    ['broker-failure', []],
    ['quickstart', ['thresholds.msgsPerSec=">= 1000"', 'thresholds.lost="== 0"']],
  ])('resolved from %s %j, plans the same run again', async (name, set) => {
    const experiment = await loadExperiment(name, { set });
    expect(whatRuns(await resolvedAgain(experiment))).toEqual(whatRuns(experiment));
  });

  it("keeps a variant's own thresholds in its entry", async () => {
    const text = [
      'variants:',
      '  - name: a',
      '  - name: b',
      '    serializer: protobuf',
      '    thresholds: { generatorCpu: "< 90%" }',
      'thresholds: { lost: "== 0" }',
    ].join('\n');
    const experiment = parseExperiment('own-thresholds.yaml', text);
    expect(experiment.thresholds).toHaveLength(2);
    expect(whatRuns(await resolvedAgain(experiment))).toEqual(whatRuns(experiment));
  });

  it('of every committed run validates, so each reference run can be run again as it is', async () => {
    const results = path.join(repoRoot, 'results');
    const files: string[] = [];
    for (const experiment of await readdir(results, { withFileTypes: true })) {
      if (!experiment.isDirectory()) continue;
      for (const run of await readdir(path.join(results, experiment.name))) files.push(path.join('results', experiment.name, run, 'experiment.yaml'));
    }
    let parsed = 0;
    for (const file of files) {
      const text = await readFile(path.join(repoRoot, file), 'utf8').catch(() => undefined);
      if (text === undefined) continue; // comparisons and the codec bench have no experiment of their own
      expect(() => parseExperiment(file, text), file).not.toThrow();
      parsed++;
    }
    // Counted after reading, so a layout change that hides every file cannot pass this by reading none.
    expect(parsed).toBeGreaterThan(10);
  });
});
