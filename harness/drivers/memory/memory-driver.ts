import type { ConsumerHandle, Driver, IncomingMessage, OutgoingMessage } from '../driver.ts';

/** How a memory broker behaves: what a test or the harness-cost bench wants to provoke. */
export interface MemoryBrokerOptions {
  /** Partitions per topic; a message goes to the partition its key hashes to. */
  partitions?: number;
  /** The most messages one consumer batch holds. */
  maxBatch?: number;
  /** Keep what is acknowledged for consumers (default); false acknowledges and forgets, to time a producer alone. */
  retain?: boolean;
  /** Fails every send whose batch holds a message for which this returns true (to prove failures are counted). */
  failWhen?: (message: OutgoingMessage) => boolean;
  /**
   * Once, when this many messages have been sent, the send call blocks its caller's thread for `ms` (as a client
   * whose local queue is full blocks the sender): every message scheduled meanwhile is sent late, the case latency
   * from the intended send time exists for.
   */
  stallOnce?: { afterMessages: number; ms: number };
  /** Report each message's delivery (partition, offset in its partition), as librdkafka's delivery reports do. */
  deliveryReports?: boolean;
}

/** A driver whose broker is an array in this process, plus what it holds, for tests and the harness-cost bench. */
export interface MemoryBroker {
  driver: Driver;
  /** Every message acknowledged so far, per topic, in partition order. */
  log(topic: string): IncomingMessage[][];
}

function partitionOf(key: string, partitions: number): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % partitions;
}

/**
 * An in-process stand-in for Kafka, for pure unit tests of the workers and for measuring the harness's own
 * per-message cost with no broker sharing the cores. Never used where a real broker is what is measured.
 */
export function memoryBroker(options: MemoryBrokerOptions = {}): MemoryBroker {
  const partitions = options.partitions ?? 3;
  const maxBatch = options.maxBatch ?? 500;
  const topics = new Map<string, IncomingMessage[][]>();
  const topicLog = (topic: string) => {
    const log = topics.get(topic) ?? Array.from({ length: partitions }, () => []);
    topics.set(topic, log);
    return log;
  };

  const driver: Driver = {
    name: 'memory',
    ...(options.deliveryReports ? { deliveryReports: true as const } : {}),
    versions: () => ({}),
    checkProducerConfig: () => [],
    checkConsumerConfig: () => [],
    async producer({ topic }) {
      const log = topicLog(topic);
      let sent = 0;
      let stalled = false;
      return {
        send: (messages, listener) => {
          const onDelivered = options.deliveryReports ? listener : undefined;
          sent += messages.length;
          if (options.stallOnce && !stalled && sent >= options.stallOnce.afterMessages) {
            stalled = true;
            const until = performance.now() + options.stallOnce.ms;
            while (performance.now() < until) {
              // A blocked sender: nothing else in this process runs meanwhile.
            }
          }
          // Acknowledged on the next turn of the event loop, as a client's callback would come.
          return new Promise<void>((resolve, reject) =>
            setImmediate(() => {
              if (options.failWhen && messages.some(options.failWhen)) return reject(new Error('memory broker: send refused'));
              if (options.retain === false) {
                if (onDelivered) for (let i = 0; i < messages.length; i++) onDelivered(i, 0, -1);
                return resolve();
              }
              messages.forEach((message, i) => {
                const partition = partitionOf(message.key, partitions);
                // A copy, as a broker holds its own: the sender may reuse its buffer once the send settles.
                log[partition]!.push({ key: Buffer.from(message.key), value: Buffer.from(message.value), partition: 0 });
                onDelivered?.(i, partition, log[partition]!.length - 1);
              });
              resolve();
            }),
          );
        },
        close: async () => {},
      };
    },
    async consumer({ topic, onBatch }): Promise<ConsumerHandle> {
      const log = topicLog(topic);
      const positions = new Array<number>(partitions).fill(0);
      let closed = false;
      let polling: Promise<void> = Promise.resolve();
      // One partition at a time, as Kafka clients hand over batches; the next poll waits for the handler.
      const poll = async () => {
        while (!closed) {
          let delivered = false;
          for (let partition = 0; partition < partitions && !closed; partition++) {
            const from = positions[partition]!;
            const batch = log[partition]!.slice(from, from + maxBatch).map((message) => ({ ...message, partition }));
            if (batch.length === 0) continue;
            positions[partition] = from + batch.length;
            delivered = true;
            await onBatch(batch);
          }
          await new Promise((resolve) => (delivered ? setImmediate(resolve) : setTimeout(resolve, 1)));
        }
      };
      polling = poll();
      return {
        close: async () => {
          closed = true;
          await polling;
        },
      };
    },
  };
  return { driver, log: topicLog };
}
