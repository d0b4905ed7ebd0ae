import type { Setup } from './experiment-schema.ts';

/** The processors' client: `consumer.client`, or the producer's when the setup names none. */
export function consumerClientOf(setup: Setup): Setup['producer']['client'] {
  return setup.consumer.client ?? setup.producer.client;
}
