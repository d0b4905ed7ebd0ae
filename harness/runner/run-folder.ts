import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { resultsDir } from '../paths.ts';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic-write.ts';
import type { Experiment } from '../experiment-file/load-experiment.ts';
import type { Threshold } from '../experiment-file/thresholds.ts';
import type { RunRecord } from '../results/run-record.ts';

/** A new folder for a run: results/<experiment>/<runId>/, never one that exists. */
export async function createRunFolder(experiment: Experiment, root = resultsDir): Promise<{ runId: string; runDir: string }> {
  const parent = path.join(root, experiment.name);
  await mkdir(parent, { recursive: true });
  for (let attempt = 0; attempt < 20; attempt++) {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    const runId = `${stamp}-${randomBytes(2).toString('hex')}`;
    const runDir = path.join(parent, runId);
    try {
      await mkdir(runDir);
      return { runId, runDir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`could not create a new run folder under ${parent}`);
}

/** The resolved experiment: every variant's full setup, as it ran; `npm run experiment -- <run>/experiment.yaml` runs it again. */
export async function writeResolvedExperiment(runDir: string, experiment: Experiment): Promise<void> {
  // Thresholds as the file writes them: those for every variant at the top, the others in their variants' entries.
  const thresholds = experiment.thresholds ?? [];
  const shared = thresholds.filter((t) => !t.variants);
  const resolved = {
    name: experiment.name,
    description: experiment.description,
    source: experiment.file,
    ...(experiment.adaptive
      ? {
          repetitions: 'auto',
          maxRepetitions: experiment.adaptive.maxRepetitions,
          precision: experiment.adaptive.precision,
          p99Precision: experiment.adaptive.p99Precision,
        }
      : { repetitions: experiment.repetitions }),
    ...(experiment.ramp ? {} : { pilot: experiment.pilot, order: experiment.order.shuffled ? 'shuffled' : 'as-written', seed: experiment.order.seed }),
    duration: experiment.duration,
    warmup: experiment.warmup,
    clusterWarmup: experiment.clusterWarmup,
    baseline: experiment.baseline,
    ...(experiment.ramp ? { ramp: experiment.ramp } : {}),
    ...(shared.length ? { thresholds: conditionsOf(shared) } : {}),
    variants: experiment.variants.map((variant) => {
      const own = thresholds.filter((t) => t.variants?.includes(variant.name));
      return { name: variant.name, ...(own.length ? { thresholds: conditionsOf(own) } : {}), ...variant.setup };
    }),
  };
  await writeFileAtomic(
    path.join(runDir, 'experiment.yaml'),
    `# Resolved from ${experiment.file}: defaults applied, variants and matrix expanded.\n${stringify(resolved)}`,
  );
}

const conditionsOf = (thresholds: Threshold[]) => Object.fromEntries(thresholds.map(({ metric, condition }) => [metric, condition]));

/** Rewritten whole after every cell, atomically, so a crash never leaves a half-written run.json. */
export async function writeRunRecord(runDir: string, record: RunRecord): Promise<void> {
  await writeJsonAtomic(path.join(runDir, 'run.json'), record);
}
