import { confluentDriver } from './confluent/confluent-driver.ts';
import { confluentRdkafkaDriver } from './confluent/confluent-rdkafka-driver.ts';
import { kafkajsDriver } from './kafkajs/kafkajs-driver.ts';
import { platformaticDriver } from './platformatic/platformatic-driver.ts';
import type { Driver } from './driver.ts';

/** Every client an experiment may name: the experiment file's `producer.client` choices are these keys. */
export const drivers = {
  kafkajs: kafkajsDriver,
  confluent: confluentDriver,
  'confluent-rdkafka': confluentRdkafkaDriver,
  platformatic: platformaticDriver,
} satisfies Record<string, Driver>;
