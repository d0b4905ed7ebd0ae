/** Running mean and standard deviation (Welford), for the generator's loop time. */
export interface LoopStats {
  count: number;
  meanMs: number;
  stddevMs: number;
}

/** Welford's online mean and variance: constant memory however many loops a generator runs. */
export class RunningStats {
  private n = 0;
  private mean = 0;
  private m2 = 0;

  add(value: number): void {
    this.n++;
    const delta = value - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (value - this.mean);
  }

  summary(): LoopStats {
    return { count: this.n, meanMs: this.mean, stddevMs: this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : 0 };
  }
}
