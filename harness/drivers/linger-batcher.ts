import { numberOf } from './client-properties.ts';
import type { ClientProperties, OutgoingMessage } from './driver.ts';

export interface LingerSettings {
  /** How long sends gather before they go out as one request (Kafka's `linger.ms`). */
  lingerMs: number;
  /** A batch this many value bytes goes out at once (Kafka's `batch.size`). */
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

/**
 * Linger for clients whose send() is a request (kafkajs, @platformatic/kafka): sends gather for `lingerMs` or until
 * `batchBytes`, then go out as one request. Like the Java client, at most `maxInFlight` requests wait for their
 * acknowledgement; meanwhile sends gather, so batches grow while the brokers are slow (acks=all on replicas)
 * instead of a small request leaving every linger.ms and queueing without bound.
 */
export function lingerBatcher(settings: LingerSettings, sendRequest: (messages: OutgoingMessage[]) => Promise<unknown>): LingerBatcher {
  const { lingerMs, batchBytes, maxInFlight } = settings;
  let requestsInFlight = 0;
  let pending: OutgoingMessage[] = [];
  let pendingBytes = 0;
  let waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  let timer: NodeJS.Timeout | undefined;
  let lingered = false;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    lingered = false;
    const messages = pending;
    const settled = waiters;
    pending = [];
    pendingBytes = 0;
    waiters = [];
    requestsInFlight++;
    sendRequest(messages).then(
      () => settled.forEach((w) => w.resolve()),
      (error: unknown) => settled.forEach((w) => w.reject(error)),
    ).finally(() => {
      requestsInFlight--;
      if (pending.length && (lingered || pendingBytes >= batchBytes)) flush();
    });
  };
  /** A flush is due (linger passed or the batch is full): it goes now, or as soon as a request in flight returns. */
  const flushWhenAllowed = () => {
    if (requestsInFlight < maxInFlight) flush();
  };

  return {
    send(messages) {
      return new Promise<void>((resolve, reject) => {
        pending.push(...messages);
        for (const message of messages) pendingBytes += message.value.length;
        waiters.push({ resolve, reject });
        if (pendingBytes >= batchBytes || lingerMs === 0) flushWhenAllowed();
        else timer ??= setTimeout(() => {
          timer = undefined;
          lingered = true;
          flushWhenAllowed();
        }, lingerMs);
      });
    },
    flushNow() {
      if (pending.length) flush();
    },
  };
}

/** The Java client's defaults for what the properties leave unsaid. */
export function lingerSettingsOf(config: ClientProperties): LingerSettings {
  return {
    lingerMs: numberOf(config, 'linger.ms') ?? 5,
    batchBytes: numberOf(config, 'batch.size') ?? 16_384,
    maxInFlight: numberOf(config, 'max.in.flight.requests.per.connection') ?? 5,
  };
}
