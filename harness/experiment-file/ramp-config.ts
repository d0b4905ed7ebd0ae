/** A ramp as the experiment file gives it (see docs/experiments.md, `ramp`). */
export interface RampConfig {
  /** First offered rate, msgs/s per producer. */
  from: number;
  /** How much the rate grows (or shrinks) between steps until a limit is bracketed. */
  factor: number;
  /** Upper bound on steps per variant; the search stops earlier once it has converged. */
  maxSteps: number;
  /** The SLO: end-to-end p99 (corrected for coordinated omission) at or below this many ms. */
  p99Ms: number;
  /** Converged when the highest sustainable and the lowest unsustainable rate are within this fraction. */
  precision: number;
}
