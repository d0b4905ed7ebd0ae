import { describe, expect, it } from 'vitest';
import { recoverySeconds } from '../../harness/runner/broker-fault.ts';

describe('recovery time after a broker is killed', () => {
  it('counts from the kill until acknowledged msgs/s are back to half their level before it', () => {
    const series = [1000, 1000, 1000, 1000, 1000, 1000, 300, 0, 0, 200, 900, 1000, 1000, 700];
    expect(recoverySeconds(series, 6)).toBe(4);
  });

  it('is 0 when the rate never fell below half, and Infinity when it had not come back', () => {
    expect(recoverySeconds([1000, 1000, 1000, 800, 600, 1000, 1000], 3)).toBe(0);
    expect(recoverySeconds([1000, 1000, 1000, 0, 0, 100, 0, 0], 3)).toBe(Infinity);
  });

  it('cannot say without seconds before the kill', () => {
    expect(recoverySeconds([0, 0, 1000], 0)).toBeUndefined();
  });
});
