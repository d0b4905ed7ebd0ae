import { drivers } from '../drivers/registry.ts';
import { hasBareProducer } from '../drivers/driver.ts';
import type { GeneratorOptions } from './generator.ts';
import { encodeHistogram, newLatencyHistogram, recordMs } from '../metrics/latency-histogram.ts';
import { nowMs } from '../util/clock.ts';
import { payloadPool } from '../messages/make-message.ts';
import { seededRandom } from '../util/seeded-random.ts';
import { keyNames } from './record-factory.ts';
import type { GeneratorConfig, GeneratorReport } from './ipc.ts';

/**
 * `workload.generator: bare`: the client's own shortest loop (its driver's `bareProduce`), unthrottled or paced per
 * batch to `workload.rate`, sending raw payloads of `messageSize` bytes with no envelope, timed per acknowledged
 * batch. Against a `harness` variant that differs only in this, it tells what the harness's generator costs; it
 * carries no sequence numbers, so only processors that count records (bare, consumer-performance) consume it.
 */
export async function runBareGenerator(config: GeneratorConfig, options: GeneratorOptions = {}): Promise<GeneratorReport> {
  const { setup, window, producerId } = config;
  const { onProgress = () => {}, stop = new AbortController().signal, driver = drivers[setup.producer.client] } = options;
  if (!hasBareProducer(driver)) throw new Error(`client ${driver.name} has no bare producer loop`);
  const messageSize = setup.workload.messageSize ?? 1024;
  const random = seededRandom(producerId * 7919 + 1);
  const keyName = keyNames();
  const values = payloadPool(messageSize);
  const keys = values.map(() => keyName(Math.floor(random() * setup.workload.keys)));
  const histogram = newLatencyHistogram();
  const ackedPerSecond: number[] = [];
  const measured = { attempted: 0, acked: 0, bytes: 0, ackedInWindow: 0, bytesInWindow: 0 };
  let acked = 0;

  const delay = window.startAt - nowMs();
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  const result = await driver.bareProduce({
    connection: config.connection,
    clientId: `kafka-lab-bare-${producerId}`,
    topic: config.topic,
    config: setup.producer.config,
    values,
    keys,
    until: window.measureEnd,
    ...(setup.workload.rate === 'max' ? {} : { pace: { ratePerSec: setup.workload.rate, startAt: window.startAt } }),
    stop,
    onAcked(count, sentAt) {
      const now = nowMs();
      const second = Math.floor((now - window.startAt) / 1000);
      ackedPerSecond[second] = (ackedPerSecond[second] ?? 0) + count;
      if (sentAt >= window.measureStart && sentAt < window.measureEnd) {
        recordMs(histogram, now - sentAt, count);
        measured.acked += count;
        measured.bytes += count * messageSize;
        // Carried: sent in the measured phase and acknowledged before it ended, as the harness generator counts.
        if (now < window.measureEnd) {
          measured.ackedInWindow += count;
          measured.bytesInWindow += count * messageSize;
        }
      }
      acked += count;
      onProgress(acked);
    },
  });
  // A bare loop counts acknowledgements, not attempts inside the window: what it attempted there is what it got.
  measured.attempted = measured.acked;
  return {
    producerId,
    attempted: result.attempted,
    acked,
    errors: result.errors,
    ...(result.firstError ? { firstError: result.firstError } : {}),
    measured,
    produceLatency: encodeHistogram(histogram),
    ackedSeqs: '',
    ackedPerSecond: Array.from(ackedPerSecond, (count) => count ?? 0),
    loop: { count: 0, meanMs: 0, stddevMs: 0 },
  };
}
