import os from 'node:os';
import { cpusOf, missingCpus, tasksetBinary } from '../util/cpu-placement.ts';
import { rawEnvelopeBytes } from '../messages/raw-record.ts';
import { drivers } from '../drivers/registry.ts';
import { type ClientProperties, hasBareProducer } from '../drivers/driver.ts';
import type { Setup } from './experiment-schema.ts';
import type { SpecPath } from './yaml-source.ts';

/** A rule that spans several keys, reported at the key named first. */
export interface CrossProblem {
  path: SpecPath;
  message: string;
  hint: string;
}

/** Combinations that no cluster or pipeline can run, found before anything starts. */
export function crossCheck(setup: Setup): CrossProblem[] {
  const problems: CrossProblem[] = [];
  const { cluster, topic, workload, processor } = setup;
  const external = cluster.provider === 'external';
  if (external && !cluster.bootstrapServers?.length) {
    problems.push({ path: ['cluster', 'bootstrapServers'], message: 'is required with provider external', hint: "list the cluster's host:port addresses" });
  }
  if (!external && cluster.bootstrapServers) {
    problems.push({
      path: ['cluster', 'bootstrapServers'],
      message: `only applies to provider external, not ${cluster.provider}`,
      hint: 'remove it, or set cluster.provider: external',
    });
  }
  if (!external && cluster.metricsUrls) {
    problems.push({
      path: ['cluster', 'metricsUrls'],
      message: `only applies to provider external, not ${cluster.provider} (a local cluster serves its brokers' metrics itself)`,
      hint: 'remove it, or set cluster.provider: external',
    });
  }
  if (!external && topic.replicationFactor > cluster.brokers) {
    problems.push({
      path: ['topic', 'replicationFactor'],
      message: `${topic.replicationFactor} exceeds cluster.brokers: ${cluster.brokers}`,
      hint: 'lower it or add brokers',
    });
  }
  if (cluster.controllers === 0 && cluster.brokers > 1) {
    problems.push({
      path: ['cluster', 'controllers'],
      message: `0 (one combined node) cannot run ${cluster.brokers} brokers`,
      hint: 'use controllers 1 or 3, or brokers: 1',
    });
  }
  const minIsr = Number(topic.config['min.insync.replicas'] ?? 1);
  if (minIsr > topic.replicationFactor) {
    problems.push({
      path: ['topic', 'config', 'min.insync.replicas'],
      message: `${minIsr} exceeds topic.replicationFactor: ${topic.replicationFactor}, so no write with acks=all could succeed`,
      hint: 'lower it or raise the replication factor',
    });
  }
  if (workload.messageSize !== undefined && workload.message !== 'bytes') {
    problems.push({
      path: ['workload', 'messageSize'],
      message: `applies to message: bytes only, not ${workload.message}`,
      hint: 'remove it, or set workload.message: bytes',
    });
  }
  if (workload.message === 'bytes' && workload.generator !== 'producer-performance' && (workload.messageSize ?? rawEnvelopeBytes) < rawEnvelopeBytes) {
    problems.push({
      path: ['workload', 'messageSize'],
      message: `${workload.messageSize} is smaller than the ${rawEnvelopeBytes}-byte envelope every harness record carries`,
      hint: `use ${rawEnvelopeBytes} or more (the record's whole value, envelope included)`,
    });
  }
  if (processor.task === 'threshold-alert' && workload.message !== 'bus') {
    problems.push({
      path: ['processor', 'task'],
      message: `threshold-alert watches passengers against capacity, which only message: bus has (this is ${workload.message})`,
      hint: 'set workload.message: bus, or pick another task',
    });
  }
  if (workload.generator === 'producer-performance') {
    const fix = "Kafka's ProducerPerformance sends raw records of workload.messageSize bytes from one JVM, with no processors";
    if (processor.consumers !== 0)
      problems.push({
        path: ['processor', 'consumers'],
        message: `must be 0 with workload.generator: producer-performance (is ${processor.consumers})`,
        hint: fix,
      });
    if (workload.message !== 'bytes')
      problems.push({
        path: ['workload', 'message'],
        message: `must be bytes with workload.generator: producer-performance (is ${workload.message})`,
        hint: fix,
      });
    if (workload.producers !== 1)
      problems.push({
        path: ['workload', 'producers'],
        message: `must be 1 with workload.generator: producer-performance (is ${workload.producers})`,
        hint: fix,
      });
    if (setup.profile.cpu || setup.profile.flamegraph || setup.profile.clinic)
      problems.push({
        path: ['profile'],
        message: 'cpu, flamegraph and clinic profile Node processes, and ProducerPerformance is a JVM',
        hint: 'remove them (profile.broker still works)',
      });
  }
  if (workload.generator === 'bare') {
    const fix = 'a bare loop sends raw records of workload.messageSize bytes, with no envelope for processors to read';
    if (processor.consumers !== 0 && processor.kind === 'harness')
      problems.push({
        path: ['processor', 'consumers'],
        message: `must be 0 with workload.generator: bare and processor.kind: harness (is ${processor.consumers})`,
        hint: `${fix}; processor.kind bare or consumer-performance only count records`,
      });
    if (workload.message !== 'bytes')
      problems.push({ path: ['workload', 'message'], message: `must be bytes with workload.generator: bare (is ${workload.message})`, hint: fix });
    if (!hasBareProducer(drivers[setup.producer.client]))
      problems.push({
        path: ['producer', 'client'],
        message: `${setup.producer.client} has no bare loop`,
        hint: `use one of ${Object.values(drivers)
          .filter(hasBareProducer)
          .map((d) => d.name)
          .join(', ')}`,
      });
  }
  if (processor.kind !== 'harness') {
    const fix = `a ${processor.kind} processor only counts the records it consumes`;
    if (processor.consumers === 0)
      problems.push({ path: ['processor', 'consumers'], message: `must be 1 or more with processor.kind: ${processor.kind} (is 0)`, hint: fix });
    if (processor.task !== 'passthrough')
      problems.push({ path: ['processor', 'task'], message: `must be passthrough with processor.kind: ${processor.kind} (is ${processor.task})`, hint: fix });
    if (setup.sink.type !== 'none')
      problems.push({ path: ['sink', 'type'], message: `must be none with processor.kind: ${processor.kind} (is ${setup.sink.type})`, hint: fix });
  }
  if (processor.kind === 'consumer-performance' && (setup.profile.cpu || setup.profile.flamegraph || setup.profile.clinic)) {
    problems.push({
      path: ['profile'],
      message: 'cpu, flamegraph and clinic profile Node processes, and ConsumerPerformance is a JVM',
      hint: 'remove them (profile.broker still works)',
    });
  }
  for (const [side, cpus] of [
    ['cluster', cluster.cpus],
    ['workload', workload.cpus],
  ] as const) {
    if (cpus === undefined || cpus === 'any') continue;
    const missing = missingCpus(cpus);
    if (cpusOf(cpus) === undefined)
      problems.push({ path: [side, 'cpus'], message: `"${cpus}" has a range that runs backwards`, hint: 'write ranges low-high, such as 0-1' });
    else if (missing.length)
      problems.push({
        path: [side, 'cpus'],
        message: `names CPU ${missing.join(', ')}, and this machine has ${os.availableParallelism()} (0-${os.availableParallelism() - 1})`,
        hint: 'pick CPUs this machine has',
      });
    if (!tasksetBinary()) problems.push({ path: [side, 'cpus'], message: 'needs taskset, which is not installed', hint: 'apt-get install util-linux' });
  }
  if (cluster.cpus !== undefined && cluster.cpus !== 'any' && (cluster.provider === 'external' || cluster.provider === 'compose')) {
    problems.push({
      path: ['cluster', 'cpus'],
      message: `places brokers the harness starts (provider local), not provider ${cluster.provider}`,
      hint: 'set cluster.provider: local, or remove cluster.cpus',
    });
  }
  if (setup.fault) {
    if (setup.fault.killBroker > cluster.brokers)
      problems.push({
        path: ['fault', 'killBroker'],
        message: `broker ${setup.fault.killBroker} does not exist: cluster.brokers is ${cluster.brokers} (ids 1..${cluster.brokers})`,
        hint: 'pick a broker id from 1 to cluster.brokers',
      });
    if (cluster.provider === 'external' || cluster.provider === 'compose')
      problems.push({
        path: ['fault'],
        message: `needs brokers the harness can SIGKILL and restart (provider local), not provider ${cluster.provider}`,
        hint: 'set cluster.provider: local',
      });
  }
  if (processor.consumers === 0 && setup.sink.type !== 'none') {
    problems.push({
      path: ['sink', 'type'],
      message: `${setup.sink.type} needs a processor, and processor.consumers is 0 (producer only)`,
      hint: 'set sink.type: none, or run at least one consumer',
    });
  }
  if (setup.profile.flamegraph && setup.profile.clinic) {
    problems.push({
      path: ['profile', 'clinic'],
      message: 'and profile.flamegraph both start the processor under a profiler, and a process runs under one',
      hint: 'put them in two variants (clinic flame also draws a flame graph)',
    });
  }
  if (setup.profile.broker && cluster.provider !== 'local' && cluster.provider !== 'auto') {
    problems.push({
      path: ['profile', 'broker'],
      message: `needs brokers the harness starts as JVMs (provider local), not provider ${cluster.provider}`,
      hint: 'set cluster.provider: local, or remove profile.broker',
    });
  }
  problems.push(...clientPropertyProblems(setup));
  return problems;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isClient = (name: unknown): name is keyof typeof drivers => typeof name === 'string' && Object.hasOwn(drivers, name);

/**
 * The client properties each side's client cannot honour. It reads a setup the schema may have refused for other
 * reasons, as far as it can (a known client, a mapping of properties), so one pass lists every problem.
 */
export function clientPropertyProblems(setup: unknown): CrossProblem[] {
  if (!isRecord(setup)) return [];
  const problems: CrossProblem[] = [];
  const producer = isRecord(setup.producer) ? setup.producer : {};
  const consumer = isRecord(setup.consumer) ? setup.consumer : {};
  const properties = (config: unknown) => (isRecord(config) ? (config as ClientProperties) : {});
  if (isClient(producer.client)) {
    for (const message of drivers[producer.client].checkProducerConfig(properties(producer.config))) {
      problems.push({ path: ['producer', 'config'], message, hint: 'remove the property or change producer.client' });
    }
  }
  const consumerClient = consumer.client ?? producer.client;
  if (isClient(consumerClient)) {
    for (const message of drivers[consumerClient].checkConsumerConfig(properties(consumer.config))) {
      problems.push({ path: ['consumer', 'config'], message, hint: 'remove the property or set consumer.client' });
    }
  }
  return problems;
}
