import { drivers } from '../drivers/registry.ts';
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
    problems.push({ path: ['cluster', 'bootstrapServers'], message: 'is required with provider external', hint: 'list the cluster\'s host:port addresses' });
  }
  if (!external && cluster.bootstrapServers) {
    problems.push({ path: ['cluster', 'bootstrapServers'], message: `only applies to provider external, not ${cluster.provider}`, hint: 'remove it, or set cluster.provider: external' });
  }
  if (!external && topic.replicationFactor > cluster.brokers) {
    problems.push({ path: ['topic', 'replicationFactor'], message: `${topic.replicationFactor} exceeds cluster.brokers: ${cluster.brokers}`, hint: 'lower it or add brokers' });
  }
  if (cluster.controllers === 0 && cluster.brokers > 1) {
    problems.push({ path: ['cluster', 'controllers'], message: `0 (one combined node) cannot run ${cluster.brokers} brokers`, hint: 'use controllers 1 or 3, or brokers: 1' });
  }
  const minIsr = Number(topic.config['min.insync.replicas'] ?? 1);
  if (minIsr > topic.replicationFactor) {
    problems.push({ path: ['topic', 'config', 'min.insync.replicas'], message: `${minIsr} exceeds topic.replicationFactor: ${topic.replicationFactor}, so no write with acks=all could succeed`, hint: 'lower it or raise the replication factor' });
  }
  if (workload.messageSize !== undefined && workload.message !== 'bytes') {
    problems.push({ path: ['workload', 'messageSize'], message: `applies to message: bytes only, not ${workload.message}`, hint: 'remove it, or set workload.message: bytes' });
  }
  if (processor.task === 'threshold-alert' && workload.message !== 'bus') {
    problems.push({ path: ['processor', 'task'], message: `threshold-alert watches passengers against capacity, which only message: bus has (this is ${workload.message})`, hint: 'set workload.message: bus, or pick another task' });
  }
  if (setup.profile.flamegraph && setup.profile.clinic) {
    problems.push({ path: ['profile', 'clinic'], message: 'and profile.flamegraph both start the processor under a profiler, and a process runs under one', hint: 'put them in two variants (clinic flame also draws a flame graph)' });
  }
  if (setup.profile.broker && cluster.provider !== 'local' && cluster.provider !== 'auto') {
    problems.push({ path: ['profile', 'broker'], message: `needs brokers the harness starts as JVMs (provider local), not provider ${cluster.provider}`, hint: 'set cluster.provider: local, or remove profile.broker' });
  }
  const producerDriver = drivers[setup.producer.client];
  for (const message of producerDriver.checkProducerConfig(setup.producer.config)) {
    problems.push({ path: ['producer', 'config'], message, hint: 'remove the property or change producer.client' });
  }
  const consumerClient = setup.consumer.client ?? setup.producer.client;
  for (const message of drivers[consumerClient].checkConsumerConfig(setup.consumer.config)) {
    problems.push({ path: ['consumer', 'config'], message, hint: 'remove the property or set consumer.client' });
  }
  return problems;
}
