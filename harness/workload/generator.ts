import { setTimeout as sleep } from 'node:timers/promises';
import { drivers } from '../drivers/registry.ts';
import { encodeHistogram, newLatencyHistogram, recordMs } from '../metrics/latency-histogram.ts';
import { RunningStats } from '../metrics/running-stats.ts';
import { SequenceSet } from '../metrics/sequence-set.ts';
import { nowMs, type Envelope } from './messages/envelope.ts';
import { makeMessage } from './messages/make-message.ts';
import { seededRandom } from './messages/random.ts';
import { serializers } from './serializers/registry.ts';
import type { OutgoingMessage } from '../drivers/driver.ts';
import type { GeneratorConfig, GeneratorReport } from './ipc.ts';

/** At max rate: batches of this many messages, at most this many batches in flight. */
const maxRateBatch = 500;
const maxInFlightBatches = 32;
/** At a fixed rate: the most messages one tick sends, and the in-flight bound before the loop waits. */
const maxTickBatch = 5_000;
const maxInFlightMessages = 200_000;
const drainTimeoutMs = 60_000;

/**
 * Produces the cell's stream: fixed rate from an absolute schedule (message i is due at
 * startAt + i / rate, so the loop never drifts and a stall shows up as corrected latency), or max rate.
 */
export async function runGenerator(config: GeneratorConfig, onProgress: (acked: number) => void, stop: AbortSignal = new AbortController().signal): Promise<GeneratorReport> {
  const { setup, window, producerId } = config;
  const driver = drivers[setup.producer.client];
  const serializer = serializers[setup.serializer](setup.workload.message);
  const random = seededRandom(producerId * 7919 + 1);
  const producer = await driver.producer({ connection: config.connection, clientId: `kafka-lab-generator-${producerId}`, topic: config.topic, config: setup.producer.config });

  const histogram = newLatencyHistogram();
  const acked = new SequenceSet();
  const loop = new RunningStats();
  const ackedPerSecond: number[] = [];
  const measured = { attempted: 0, acked: 0, bytes: 0 };
  let attempted = 0;
  let ackedCount = 0;
  let errors = 0;
  let firstError: string | undefined;
  let inFlightMessages = 0;
  const inFlight = new Set<Promise<void>>();
  const endAt = window.measureEnd;
  const isMeasured = (meta: Envelope) => meta.intendedAt >= window.measureStart && meta.intendedAt < window.measureEnd;

  const send = (metas: Envelope[], messages: OutgoingMessage[]) => {
    inFlightMessages += messages.length;
    const sending = producer.send(messages).then(
      () => {
        const now = nowMs();
        const second = Math.floor((now - window.startAt) / 1000);
        ackedPerSecond[second] = (ackedPerSecond[second] ?? 0) + metas.length;
        for (let i = 0; i < metas.length; i++) {
          const meta = metas[i]!;
          acked.add(meta.seq);
          if (isMeasured(meta)) {
            recordMs(histogram, now - meta.sentAt);
            measured.acked++;
            measured.bytes += messages[i]!.value.length;
          }
        }
        ackedCount += metas.length;
        onProgress(ackedCount);
      },
      (error: unknown) => {
        errors += metas.length;
        firstError ??= error instanceof Error ? error.message : String(error);
      },
    ).finally(() => {
      inFlightMessages -= messages.length;
      inFlight.delete(sending);
    });
    inFlight.add(sending);
  };

  const build = (count: number, intendedAt: (i: number) => number) => {
    const metas: Envelope[] = [];
    const messages: OutgoingMessage[] = [];
    for (let i = 0; i < count; i++) {
      const key = Math.floor(random() * setup.workload.keys);
      const meta: Envelope = { producerId, seq: attempted, sentAt: nowMs(), intendedAt: 0 };
      meta.intendedAt = intendedAt(i) || meta.sentAt;
      const value = serializer.encode(makeMessage(setup.workload.message, key, meta, random, setup.workload.messageSize));
      if (isMeasured(meta)) measured.attempted++;
      attempted++;
      metas.push(meta);
      messages.push({ key: `key-${key}`, value });
    }
    return { metas, messages };
  };

  // A stop request (the run was interrupted) ends sending at once; what was sent is still reported.
  const waitUntil = async (at: number) => {
    const delay = at - nowMs();
    if (delay > 0) await sleep(delay, undefined, { signal: stop }).catch(() => {});
  };
  await waitUntil(window.startAt);
  if (setup.workload.rate === 'max') {
    while (nowMs() < endAt && !stop.aborted) {
      const tickStart = nowMs();
      while (inFlight.size >= maxInFlightBatches) await Promise.race(inFlight);
      const { metas, messages } = build(maxRateBatch, () => 0);
      send(metas, messages);
      loop.add(nowMs() - tickStart);
      // Let acks and timers run between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    const intervalMs = 1000 / setup.workload.rate;
    const total = Math.floor((endAt - window.startAt) / intervalMs);
    while (attempted < total && !stop.aborted) {
      const tickStart = nowMs();
      const due = Math.min(total, Math.floor((tickStart - window.startAt) / intervalMs) + 1);
      const count = Math.min(maxTickBatch, due - attempted);
      if (count > 0 && inFlightMessages < maxInFlightMessages) {
        const first = attempted;
        const { metas, messages } = build(count, (i) => window.startAt + (first + i) * intervalMs);
        send(metas, messages);
        loop.add(nowMs() - tickStart);
      }
      if (inFlightMessages >= maxInFlightMessages) await Promise.race(inFlight);
      else if (attempted < due) await new Promise((resolve) => setImmediate(resolve));
      else await waitUntil(window.startAt + attempted * intervalMs);
    }
  }
  const drained = await Promise.race([Promise.allSettled([...inFlight]).then(() => true), sleep(drainTimeoutMs).then(() => false)]);
  if (!drained) firstError ??= `${inFlightMessages} messages still unacknowledged ${drainTimeoutMs / 1000} s after the last send`;
  await producer.close().catch(() => {});
  return {
    producerId,
    attempted,
    acked: ackedCount,
    errors,
    ...(firstError ? { firstError } : {}),
    measured,
    produceLatency: encodeHistogram(histogram),
    ackedSeqs: acked.toBase64(),
    ackedPerSecond: Array.from(ackedPerSecond, (count) => count ?? 0),
    loop: loop.summary(),
  };
}
