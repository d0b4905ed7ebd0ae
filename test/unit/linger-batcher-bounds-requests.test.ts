import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { lingerBatcher } from '../../harness/drivers/linger-batcher.ts';
import type { OutgoingMessage } from '../../harness/drivers/driver.ts';

const messages = (count: number, bytes = 100): OutgoingMessage[] => Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: Buffer.alloc(bytes) }));

/** A client whose requests are acknowledged only when the test says so. */
function heldClient() {
  const requests: Array<{ count: number; ack: () => void }> = [];
  const sendRequest = (sent: OutgoingMessage[]) => new Promise<void>((resolve) => requests.push({ count: sent.length, ack: resolve }));
  return { requests, sendRequest };
}

describe('linger emulation (kafkajs, @platformatic/kafka)', () => {
  it('gathers sends for linger.ms, then sends them as one request', async () => {
    const client = heldClient();
    const batcher = lingerBatcher({ lingerMs: 20, batchBytes: 100_000, maxInFlight: 5 }, client.sendRequest);
    void batcher.send(messages(3));
    void batcher.send(messages(4));
    expect(client.requests).toHaveLength(0);
    await sleep(40);
    expect(client.requests.map((r) => r.count)).toEqual([7]);
  });

  it('sends at once when batch.size is reached, in requests of whole sends up to about batch.size', async () => {
    const client = heldClient();
    const batcher = lingerBatcher({ lingerMs: 1_000, batchBytes: 1_000, maxInFlight: 5 }, client.sendRequest);
    for (let i = 0; i < 5; i++) void batcher.send(messages(4)); // 400 bytes each
    // 2,000 bytes pending: two requests of 2 sends (800 bytes); the fifth send waits for linger.
    expect(client.requests.map((r) => r.count)).toEqual([8, 8]);
  });

  it('keeps at most max.in.flight requests unacknowledged; the rest gathers and goes when one returns', async () => {
    const client = heldClient();
    const batcher = lingerBatcher({ lingerMs: 0, batchBytes: 1_000, maxInFlight: 2 }, client.sendRequest);
    const settled: number[] = [];
    for (let i = 0; i < 6; i++) void batcher.send(messages(1)).then(() => settled.push(i));
    expect(client.requests.map((r) => r.count)).toEqual([1, 1]);
    client.requests[0]!.ack();
    await sleep(1);
    // The four that waited go together (400 bytes fit in one request).
    expect(client.requests.map((r) => r.count)).toEqual([1, 1, 4]);
    expect(settled).toEqual([0]);
    client.requests[1]!.ack();
    client.requests[2]!.ack();
    await sleep(1);
    expect(settled).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('fails every send of a failed request', async () => {
    const batcher = lingerBatcher({ lingerMs: 0, batchBytes: 1_000, maxInFlight: 1 }, () => Promise.reject(new Error('broker down')));
    await expect(batcher.send(messages(2))).rejects.toThrow('broker down');
  });
});
