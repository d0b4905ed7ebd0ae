import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseExperiment } from '../../harness/spec/load-experiment.ts';
import { runExperiment } from '../../harness/runner/run-experiment.ts';

/** Runs an experiment written inline, into a throwaway results folder; returns the run folder and record. */
export async function runInline(name: string, yaml: string, options: { dropEvery?: number; signal?: AbortSignal } = {}) {
  const experiment = parseExperiment(`${name}.yaml`, yaml);
  const resultsDir = await mkdtemp(path.join(os.tmpdir(), 'kafka-lab-results-'));
  return runExperiment(experiment, { signal: options.signal ?? new AbortController().signal, resultsDir, ...(options.dropEvery ? { dropEvery: options.dropEvery } : {}) });
}
