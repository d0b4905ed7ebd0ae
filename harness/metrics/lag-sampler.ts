import type { Admin } from 'kafkajs';

/** Consumer lag now: log-end offsets minus the group's committed offsets, over all partitions. */
export async function currentLag(admin: Admin, topic: string, groupId: string): Promise<number> {
  const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const end = ends.reduce((sum, p) => sum + Number(p.high), 0);
  const done = (committed[0]?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  return end - done;
}

/** Consumer lag (see currentLag) once a second; `onSample` hears each reading as it is taken. */
export function sampleLag(
  admin: Admin,
  topic: string,
  groupId: string,
  startAt: number,
  onSample?: (lag: number) => void,
): { stop(): Promise<{ second: number[]; lag: number[] }> } {
  const second: number[] = [];
  const lag: number[] = [];
  let sampling: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    sampling = (async () => {
      try {
        const now = await currentLag(admin, topic, groupId);
        second.push(Math.round((Date.now() - startAt) / 1000));
        lag.push(now);
        onSample?.(now);
      } catch {
        // A missed sample (broker busy, group rebalancing) leaves a gap rather than a made-up value.
      }
    })();
  }, 1000);
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      return { second, lag };
    },
  };
}
