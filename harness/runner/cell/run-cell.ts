import { mkdir } from 'node:fs/promises';
import type { CellResult } from '../../results/cell-result.ts';
import { createCellTopics } from '../cell-topics.ts';
import type { CellPart } from './cell-collector.ts';
import { collectorsFor } from './cell-collectors.ts';
import type { CellLoad, LoadOutcome } from './cell-load.ts';
import { cellOutcome } from './cell-outcome.ts';
import { measureWindow, planCell, type CellContext, type CellPlan } from './cell-plan.ts';
import { producerPerformanceLoad } from './producer-performance-load.ts';
import { workerLoad } from './worker-load.ts';
import { errorMessage } from '../../util/error-message.ts';

/** The load for the variant's generator kind: Kafka's ProducerPerformance, or the harness's workers (harness, bare). */
function loadFor(plan: CellPlan): CellLoad {
  return plan.setup.workload.generator === 'producer-performance' ? producerPerformanceLoad(plan) : workerLoad(plan);
}

/**
 * Runs one cell: topics, its load's processes, the collectors around the measured phase, teardown, then one record
 * built from what each part handed back. Never throws for the cell's own failures: they become a failed result.
 */
export async function runCell(context: CellContext): Promise<CellResult> {
  const plan = planCell(context);
  const { setup } = plan;
  const load = loadFor(plan);
  const collectors = collectorsFor(plan);
  let outcome: LoadOutcome | undefined;
  let failure: { interrupted: boolean; message: string } | undefined;
  await mkdir(plan.dir, { recursive: true });
  try {
    context.onPhase('topics');
    await createCellTopics(context.admin, setup, plan.topic, setup.processor.task === 'threshold-alert' ? plan.alertsTopic : undefined);
    context.signal.throwIfAborted();
    await load.prepare();
    const window = measureWindow(context.experiment, load.leadMs);
    const started = await load.start(window);
    for (const collector of collectors) await collector.start({ window, ...started });
    outcome = await load.run(async () => {
      for (const collector of collectors) await collector.generatorsDone?.();
    });
  } catch (error) {
    failure = { interrupted: context.signal.aborted, message: context.signal.aborted ? 'interrupted' : errorMessage(error) };
  } finally {
    context.onPhase('teardown');
    if (load.profiled) context.onPhase('profiles');
    await load.stop();
  }
  const parts: CellPart[] = [];
  for (const collector of collectors) parts.push(await collector.stop(outcome?.figures).catch((error: unknown) => ({ errors: [errorMessage(error)] })));
  return cellOutcome(plan, { ...(outcome ? { outcome } : {}), parts, ...(failure ? { failure } : {}) });
}
