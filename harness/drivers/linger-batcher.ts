import { numberOf } from './client-properties.ts';
import type { ClientProperties, OutgoingMessage, ProducerHandle } from './driver.ts';

export interface LingerSettings {
  /** How long sends gather before they go out as one request (Kafka's `linger.ms`). */
  lingerMs: number;
  /** Gathered sends of this many value bytes go out at once: Kafka's `batch.size` per partition of the topic. */
  batchBytes: number;
  /** At most this many requests unacknowledged (Kafka's `max.in.flight.requests.per.connection`). */
  maxInFlight: number;
}

export interface LingerBatcher {
  /** Resolves once the request carrying these messages is acknowledged. */
  send(messages: OutgoingMessage[]): Promise<void>;
  /** Sends what is gathered now, without waiting for linger. */
  flushNow(): void;
}

/** One send() call waiting to go out: its messages, their value bytes, and its promise to settle. */
interface PendingSend {
  messages: OutgoingMessage[];
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Linger for clients whose send() is a request (kafkajs, @platformatic/kafka): sends gather for `lingerMs` or until
 * `batchBytes`, then go out as one request of at most about `batchBytes` (whole send() calls, at least one), as the
 * Java client's request holds at most a batch per partition. Like the Java client, at most `maxInFlight` requests
 * wait for their acknowledgement; meanwhile sends gather, so batches grow while the brokers are slow (acks=all on
 * replicas) instead of a small request leaving every linger.ms and queueing without bound.
 */
export function lingerBatcher(settings: LingerSettings, sendRequest: (messages: OutgoingMessage[]) => Promise<unknown>): LingerBatcher {
  const { lingerMs, batchBytes, maxInFlight } = settings;
  let requestsInFlight = 0;
  const pending: PendingSend[] = [];
  let pendingBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  let lingered = false;

  /** Sends the oldest pending sends, up to about batchBytes, as one request. */
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    let bytes = 0;
    let count = 0;
    while (count < pending.length && (count === 0 || bytes + pending[count]!.bytes <= batchBytes)) bytes += pending[count++]!.bytes;
    const taken = pending.splice(0, count);
    pendingBytes -= bytes;
    // What stays pending has waited as long as what left: it goes as soon as a request returns.
    lingered = pending.length > 0 && lingered;
    requestsInFlight++;
    const messages = taken.length === 1 ? taken[0]!.messages : taken.flatMap((send) => send.messages);
    sendRequest(messages)
      .then(
        () => {
          for (const send of taken) send.resolve();
        },
        (error: unknown) => {
          for (const send of taken) send.reject(error);
        },
      )
      .finally(() => {
        requestsInFlight--;
        flushWhileDue();
      });
  };
  /** Flushes while a flush is due (linger passed or a batch is full) and a request may go. */
  const flushWhileDue = () => {
    while (pending.length && (lingered || pendingBytes >= batchBytes || lingerMs === 0) && requestsInFlight < maxInFlight) flush();
    if (pending.length && !lingered)
      timer ??= setTimeout(() => {
        timer = undefined;
        lingered = true;
        flushWhileDue();
      }, lingerMs);
  };

  return {
    send(messages) {
      return new Promise<void>((resolve, reject) => {
        let bytes = 0;
        for (const message of messages) bytes += message.value.length;
        pending.push({ messages, bytes, resolve, reject });
        pendingBytes += bytes;
        flushWhileDue();
      });
    },
    flushNow() {
      lingered = true;
      flushWhileDue();
    },
  };
}

/**
 * The Java client's defaults for what the properties leave unsaid. Its `batch.size` bounds one partition's batch,
 * and a request carries a batch of every partition: gathered sends go out once they would fill every partition's.
 */
export function lingerSettingsOf(config: ClientProperties, partitions: number): LingerSettings {
  return {
    lingerMs: numberOf(config, 'linger.ms') ?? 5,
    batchBytes: (numberOf(config, 'batch.size') ?? 16_384) * Math.max(1, partitions),
    maxInFlight: numberOf(config, 'max.in.flight.requests.per.connection') ?? 5,
  };
}

/**
 * A producer whose sends linger as Kafka's properties say: each request goes to `sendRequest`; closing sends what
 * is gathered, then `disconnect`s the client.
 */
export function lingeringProducer(
  config: ClientProperties,
  partitions: number,
  sendRequest: (messages: OutgoingMessage[]) => Promise<unknown>,
  disconnect: () => Promise<void>,
): ProducerHandle {
  const batcher = lingerBatcher(lingerSettingsOf(config, partitions), sendRequest);
  return {
    send: (messages) => batcher.send(messages),
    async close() {
      batcher.flushNow();
      await disconnect();
    },
  };
}
