import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root, whatever the working directory of the command is. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Machine-local state: cluster dirs and the CLI's cluster state file. Git-ignored. */
export const localStateDir = process.env.KAFKA_LAB_HOME ?? path.join(repoRoot, '.kafka-lab');

/** Kafka jars; apart from the state dir so tests can use a throwaway state dir without fetching jars again. */
export const jarCacheDir = process.env.KAFKA_LAB_CACHE ?? path.join(repoRoot, '.kafka-lab', 'cache');
export const clustersDir = path.join(localStateDir, 'clusters');
export const clusterStateFile = path.join(localStateDir, 'cluster.json');
/** Where run folders go: results/<experiment>/<runId>/. */
export const resultsDir = process.env.KAFKA_LAB_RESULTS ?? path.join(repoRoot, 'results');
export const composeDir = path.join(repoRoot, 'compose');
