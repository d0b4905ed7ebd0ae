import { cellMsgsPerSec, cellLatency } from '../analysis/cell-metrics.ts';
import type { CellResult, RampCellInfo } from '../results/cell-result.ts';
import { judgeRampStep, nextRampRate } from './ramp-search.ts';
import type { RampStep } from '../results/ramp-bracket.ts';
import type { RampConfig } from '../experiment-file/ramp-config.ts';

/** One variant's search for its maximum sustainable rate, step by step as the runner runs its cells. */
export class RampSearch {
  private readonly steps: RampStep[] = [];
  private pending: number | undefined;

  constructor(
    private readonly config: RampConfig,
    private readonly variant: string,
  ) {}

  /** The rate per producer for the next step, or undefined when the search is over. */
  next(): number | undefined {
    this.pending = nextRampRate(this.config, this.steps);
    return this.pending;
  }

  /** Judges the step's cell and remembers the outcome; returns what the cell's record says of its step. */
  judge(result: CellResult): RampCellInfo {
    const rate = this.pending!;
    const offeredRate = rate * result.params.workload.producers;
    const latency = cellLatency(result);
    const judged = judgeRampStep(
      this.config,
      {
        status: result.status,
        ...(result.reason ? { reason: result.reason } : {}),
        ...(cellMsgsPerSec(result) !== undefined ? { achieved: cellMsgsPerSec(result)! } : {}),
        ...(latency ? { p99: latency.p99 } : {}),
      },
      offeredRate,
    );
    const step = { variant: this.variant, step: this.steps.length + 1, offeredRate, ...judged };
    this.steps.push({ rate, sustainable: judged.sustainable });
    return step;
  }
}
