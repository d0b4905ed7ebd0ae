import { drivers } from '../drivers/registry.ts';
import { consumerClientOf } from '../experiment-file/consumer-client.ts';
import type { Driver } from '../drivers/driver.ts';
import { nowMs } from '../util/clock.ts';
import type { ProcessorConfig } from './ipc.ts';
import type { RunningProcessor } from './processor.ts';
import { recordCount } from './record-count.ts';

/**
 * `processor.kind: bare`: the client's consumer as its driver runs it, with a handler that only counts each batch's
 * records and bytes: no envelope read, no sequence set, no histogram, no task or sink. Against a `harness` variant
 * that differs only in this, it tells what the harness's processor costs.
 */
export async function startBareProcessor(
  config: ProcessorConfig,
  onProgress: (received: number) => void,
  driver: Driver = drivers[consumerClientOf(config.setup)],
): Promise<RunningProcessor> {
  const count = recordCount();
  const consumer = await driver.consumer({
    connection: config.connection,
    clientId: `kafka-lab-bare-processor-${config.processorId}`,
    groupId: config.groupId,
    topic: config.topic,
    config: config.setup.consumer.config,
    onBatch: async (messages) => {
      let bytes = 0;
      for (const message of messages) bytes += message.value.length;
      const now = nowMs();
      count.add(messages.length, bytes, now, now);
      onProgress(count.received);
    },
  });
  return {
    setWindow: (window) => count.setWindow(window),
    async finish() {
      await consumer.close().catch(() => {});
      return count.report(config.processorId);
    },
  };
}
