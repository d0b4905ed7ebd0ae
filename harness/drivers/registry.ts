import { confluentDriver } from './confluent/confluent-driver.ts';
import { confluentRdkafkaDriver } from './confluent/confluent-rdkafka-driver.ts';
import { kafkajsDriver } from './kafkajs/kafkajs-driver.ts';
import { platformaticDriver } from './platformatic/platformatic-driver.ts';
import type { Driver } from './driver.ts';
import type { choices } from '../spec/experiment-schema.ts';

/** Every client an experiment may name; keys must match `choices.client`. */
export const drivers: Record<(typeof choices.client)[number], Driver> = {
  kafkajs: kafkajsDriver,
  confluent: confluentDriver,
  'confluent-rdkafka': confluentRdkafkaDriver,
  platformatic: platformaticDriver,
};
