import { setTimeout as sleep } from 'node:timers/promises';
import { drivers } from '../drivers/registry.ts';
import { encodeHistogram, newLatencyHistogram, recordMs } from '../metrics/latency-histogram.ts';
import { RunningStats } from '../metrics/running-stats.ts';
import { SequenceSet } from '../metrics/sequence-set.ts';
import { nowMs } from '../util/clock.ts';
import { seededRandom } from '../util/seeded-random.ts';
import { deliveryRecord } from './delivery-record.ts';
import { keyNames, recordFactory } from './record-factory.ts';
import type { Driver, OutgoingMessage } from '../drivers/driver.ts';
import type { GeneratorConfig, GeneratorReport } from './ipc.ts';
import { errorMessage } from '../util/error-message.ts';

/** At max rate: batches of this many messages, at most this many batches in flight. */
export const maxRateBatch = 500;
export const maxInFlightBatches = 32;
/** At a fixed rate: the most messages one tick sends, and the in-flight bound before the loop waits. */
const maxTickBatch = 5_000;
const maxInFlightMessages = 200_000;
const drainTimeoutMs = 60_000;

/**
 * One send: a run of consecutive sequence numbers handed to the client at one moment. Everything the generator
 * keeps per message is kept per batch instead (acknowledgements, the produce histogram, measured counts), so its
 * cost per message is building the record and nothing else.
 */
interface Batch {
  firstSeq: number;
  messages: OutgoingMessage[];
  sentAt: number;
  /** How many of its messages were meant to be sent inside the measured phase, and their bytes. */
  measuredCount: number;
  measuredBytes: number;
  /** At a fixed rate: message i's scheduled send time is intendedStart + i × intervalMs. */
  schedule?: { intendedStart: number; intervalMs: number };
}

/** How a generator (the harness's or a bare loop) is driven: every field has a default for a real cell. */
export interface GeneratorOptions {
  /** Acknowledged messages so far, as they come. */
  onProgress?: (acked: number) => void;
  /** Aborted when the run is interrupted: sending stops at once, what was sent is still reported. */
  stop?: AbortSignal;
  /** The client; the registry's for `producer.client` unless a test or the harness-cost bench passes another. */
  driver?: Driver;
}

/**
 * Produces the cell's stream: fixed rate from an absolute schedule (message i is due at
 * startAt + i / rate, so the loop never drifts and a stall shows up as corrected latency), or max rate.
 */
export async function runGenerator(config: GeneratorConfig, options: GeneratorOptions = {}): Promise<GeneratorReport> {
  const { setup, window, producerId } = config;
  const { onProgress = () => {}, stop = new AbortController().signal, driver = drivers[setup.producer.client] } = options;
  const random = seededRandom(producerId * 7919 + 1);
  const records = recordFactory(setup, producerId, random);
  const keyName = keyNames();
  const keys = setup.workload.keys;
  const producer = await driver.producer({
    connection: config.connection,
    clientId: `kafka-lab-generator-${producerId}`,
    topic: config.topic,
    partitions: setup.topic.partitions,
    config: setup.producer.config,
  });

  const histogram = newLatencyHistogram();
  // At a fixed rate, each message's latency from its scheduled send time: a stall delays every message behind it.
  const fromIntended = setup.workload.rate === 'max' ? undefined : newLatencyHistogram();
  // The window's messages are a run of consecutive sequence numbers: intended times grow with them.
  const measuredSeqs = { first: -1, end: -1 };
  const acked = new SequenceSet();
  const loop = new RunningStats();
  const ackedPerSecond: number[] = [];
  const measured = { attempted: 0, acked: 0, bytes: 0, ackedInWindow: 0, bytesInWindow: 0 };
  let attempted = 0;
  let ackedCount = 0;
  let errors = 0;
  let firstError: string | undefined;
  let inFlightMessages = 0;
  const inFlight = new Set<Promise<void>>();
  const endAt = window.measureEnd;

  // A client that reports each message's delivery gives each message its own acknowledgement latency, and, in a
  // cell with a fault, where it was written: a lost message can then be located (docs/measurement.md).
  const perMessage = driver.deliveryReports === true;
  const where = perMessage && setup.fault ? deliveryRecord() : undefined;
  const intendedOf = (batch: Batch, index: number) => (batch.schedule ? batch.schedule.intendedStart + index * batch.schedule.intervalMs : batch.sentAt);
  const delivered = (batch: Batch, index: number, partition: number, offset: number) => {
    const now = nowMs();
    const intended = intendedOf(batch, index);
    if (intended >= window.measureStart && intended < window.measureEnd) {
      recordMs(histogram, now - batch.sentAt);
      if (fromIntended) recordMs(fromIntended, now - intended);
    }
    where?.set(batch.firstSeq + index, partition, offset);
  };

  // A client that acknowledges the batch as a whole (its promise settles on its last delivery): its messages share
  // one service time, the batch's slowest; from the schedule, each message keeps its own intended time.
  const recordBatchLatency = (batch: Batch, now: number) => {
    if (batch.measuredCount === 0) return;
    recordMs(histogram, now - batch.sentAt, batch.measuredCount);
    if (!fromIntended || !batch.schedule) return;
    for (let i = 0; i < batch.messages.length; i++) {
      const intended = intendedOf(batch, i);
      if (intended >= window.measureStart && intended < window.measureEnd) recordMs(fromIntended, now - intended);
    }
  };

  // What was acknowledged when the window ended: the consumed rate counts only messages in it (docs/measurement.md).
  let ackedAtWindowEnd: SequenceSet | undefined;
  const acknowledged = (batch: Batch) => {
    const count = batch.messages.length;
    const now = nowMs();
    if (!ackedAtWindowEnd && now >= window.measureEnd) ackedAtWindowEnd = acked.clone();
    const second = Math.floor((now - window.startAt) / 1000);
    ackedPerSecond[second] = (ackedPerSecond[second] ?? 0) + count;
    acked.addRange(batch.firstSeq, count);
    if (!perMessage) recordBatchLatency(batch, now);
    measured.acked += batch.measuredCount;
    measured.bytes += batch.measuredBytes;
    // The carried rate: messages meant for the measured phase and acknowledged before it ended. A backlog from the
    // warm-up does not inflate it, and acknowledgements that came only in the drain do not pass for it.
    if (now < window.measureEnd) {
      measured.ackedInWindow += batch.measuredCount;
      measured.bytesInWindow += batch.measuredBytes;
    }
    ackedCount += count;
    onProgress(ackedCount);
  };

  const send = (batch: Batch) => {
    const count = batch.messages.length;
    inFlightMessages += count;
    where?.sent(batch.firstSeq, batch.sentAt - window.startAt);
    const sending = producer
      .send(batch.messages, perMessage ? (index, partition, offset) => delivered(batch, index, partition, offset) : undefined)
      .then(
        () => acknowledged(batch),
        (error: unknown) => {
          errors += count;
          firstError ??= errorMessage(error);
        },
      )
      .finally(() => {
        inFlightMessages -= count;
        inFlight.delete(sending);
        records.recycle(batch.messages);
      });
    inFlight.add(sending);
  };

  /** `intendedAt(i)` is message i's scheduled time; undefined at max rate, where it is the send time. */
  const build = (count: number, intendedAt?: (i: number) => number): Batch => {
    const sentAt = nowMs();
    const batch: Batch = { firstSeq: attempted, messages: new Array<OutgoingMessage>(count), sentAt, measuredCount: 0, measuredBytes: 0 };
    for (let i = 0; i < count; i++) {
      const key = Math.floor(random() * keys);
      const intended = intendedAt ? intendedAt(i) : sentAt;
      const value = records.make(attempted + i, sentAt, intended, key);
      batch.messages[i] = { key: keyName(key), value };
      if (intended >= window.measureStart && intended < window.measureEnd) {
        if (measuredSeqs.first < 0) measuredSeqs.first = attempted + i;
        measuredSeqs.end = attempted + i + 1;
        batch.measuredCount++;
        batch.measuredBytes += value.length;
      }
    }
    if (intendedAt && count > 0) batch.schedule = { intendedStart: intendedAt(0), intervalMs: count > 1 ? intendedAt(1) - intendedAt(0) : 0 };
    attempted += count;
    measured.attempted += batch.measuredCount;
    return batch;
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
      send(build(maxRateBatch));
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
        send(build(count, (i) => window.startAt + (first + i) * intervalMs));
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
    ...(fromIntended ? { produceLatencyFromIntended: encodeHistogram(fromIntended) } : {}),
    ackUnit: perMessage ? 'message' : 'batch',
    ...(where ? { deliveries: where.encode() } : {}),
    ...(measuredSeqs.first >= 0 ? { measuredSeqs } : {}),
    ackedSeqs: acked.toBase64(),
    // No acknowledgement after the window's end (or an interrupt before it): all of them were in time.
    ackedInWindowSeqs: (ackedAtWindowEnd ?? acked).toBase64(),
    ackedPerSecond: Array.from(ackedPerSecond, (count) => count ?? 0),
    loop: loop.summary(),
  };
}
