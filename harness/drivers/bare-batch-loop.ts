import { nowMs } from '../util/clock.ts';
import { waitUntilDue } from './bare-pace.ts';
import type { BareProduceOptions, BareProduceResult, OutgoingMessage } from './driver.ts';
import { errorMessage } from '../util/error-message.ts';

/** Records per send and sends in flight: what a careful user of a batch-send API picks for throughput. */
const batchSize = 500;
const maxInFlight = 32;

/**
 * The bare loop of the clients whose API sends a batch and returns a promise (kafkajs and the KafkaJS-shaped API of
 * @confluentinc/kafka-javascript): batches made once from the given values and keys, sent round-robin, at most
 * 32 awaiting their acknowledgement.
 */
export async function bareBatchLoop<Record = OutgoingMessage>(
  options: BareProduceOptions,
  sendBatch: (records: Record[]) => Promise<void>,
  // Records in the client's own shape, made once with the batches.
  toRecord: (message: OutgoingMessage) => Record = (message) => message as Record,
): Promise<BareProduceResult> {
  const { values, keys } = options;
  const batchCount = Math.max(1, Math.ceil(values.length / batchSize));
  const batches = Array.from({ length: batchCount }, (_, b) =>
    Array.from({ length: batchSize }, (_, i) => {
      const n = b * batchSize + i;
      return toRecord({ key: keys[n % keys.length]!, value: values[n % values.length]! });
    }),
  );
  const result: BareProduceResult = { attempted: 0, errors: 0 };
  const inFlight = new Set<Promise<void>>();
  for (let next = 0; nowMs() < options.until && !options.stop.aborted; next = (next + 1) % batchCount) {
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    await waitUntilDue(options, result.attempted);
    if (nowMs() >= options.until || options.stop.aborted) break;
    const sentAt = nowMs();
    const sending: Promise<void> = sendBatch(batches[next]!)
      .then(
        () => options.onAcked(batchSize, sentAt),
        (error: unknown) => {
          result.errors += batchSize;
          result.firstError ??= errorMessage(error);
        },
      )
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
    result.attempted += batchSize;
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.allSettled([...inFlight]);
  return result;
}
