import { confluentDriver } from './confluent/confluent-driver.ts';
import { kafkajsDriver } from './kafkajs/kafkajs-driver.ts';
import type { Driver } from './driver.ts';

/** Every client an experiment may name; keys must match `choices.client`. */
export const drivers: Record<'kafkajs' | 'confluent', Driver> = {
  kafkajs: kafkajsDriver,
  confluent: confluentDriver,
};
