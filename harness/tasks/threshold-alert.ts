import type { BusMessage } from '../messages/message-types.ts';
import type { Task } from './task.ts';

/** Raises an alert when a bus carries more than `threshold` (a fraction) of its capacity. */
export function thresholdAlert(threshold: number): Task {
  let alerts = 0;
  return {
    process(key, message) {
      const bus = message as BusMessage;
      if (bus.passengers <= threshold * bus.capacity) return undefined;
      alerts++;
      const alert = { vehicleId: bus.vehicleId, passengers: bus.passengers, capacity: bus.capacity, at: bus.meta.sentAt };
      return { key, value: Buffer.from(JSON.stringify(alert)) };
    },
    stats: () => ({ alerts }),
  };
}
