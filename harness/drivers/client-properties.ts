import { didYouMean } from '../util/did-you-mean.ts';
import type { ClientProperties } from './driver.ts';

/**
 * Properties a client cannot honour, as one message each. Clients without librdkafka understand a short list of
 * Kafka's property names; anything else is refused before a run starts rather than silently ignored.
 */
export function unsupportedProperties(client: string, config: ClientProperties, supported: readonly string[], role: 'producer' | 'consumer'): string[] {
  return Object.keys(config)
    .filter((key) => !supported.includes(key))
    .map(
      (key) =>
        `${client} has no ${role} equivalent of "${key}" (${didYouMean(key, supported)}it supports ${supported.join(', ')}); use client confluent for librdkafka's full set`,
    );
}

/** Kafka's `acks` as the number the produce request carries (all = -1). */
export function acksOf(config: ClientProperties): number {
  const acks = String(config.acks ?? 'all');
  return acks === 'all' ? -1 : Number(acks);
}

export function numberOf(config: ClientProperties, key: string): number | undefined {
  return config[key] === undefined ? undefined : Number(config[key]);
}

export function isTrue(config: ClientProperties, key: string): boolean {
  return String(config[key]) === 'true';
}
