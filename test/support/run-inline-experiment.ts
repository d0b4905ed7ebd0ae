import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseExperiment } from '../../harness/experiment-file/load-experiment.ts';
import { runExperiment } from '../../harness/runner/run-experiment.ts';

/** Runs an experiment written inline, into a throwaway results folder; returns the run folder and record. */
export async function runInline(name: string, yaml: string, options: { dropEvery?: number; signal?: AbortSignal } = {}) {
  // No cluster warm-up burst unless the test asks for one: these tests judge correctness, not figures, and each burst costs its seconds.
  const experiment = parseExperiment(`${name}.yaml`, /^clusterWarmup:/m.test(yaml) ? yaml : `clusterWarmup: 0s\n${yaml}`);
  const resultsDir = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-results-'));
  // Workers inherit the runner's environment: the processors' test hook (see processor.ts) reads it there.
  if (options.dropEvery) process.env.KAFKA_LAB_TEST_DROP_EVERY = String(options.dropEvery);
  try {
    return await runExperiment(experiment, { signal: options.signal ?? new AbortController().signal, resultsDir });
  } finally {
    delete process.env.KAFKA_LAB_TEST_DROP_EVERY;
  }
}
