import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYamlScalar } from 'yaml';
import { UserError } from '../errors.ts';
import { repoRoot } from '../paths.ts';
import { clientPropertyProblems, crossCheck } from './cross-checks.ts';
import { deepMerge, getAt, isPlainObject, objectAt, splitPath, type Plain } from './deep-merge.ts';
import { runDefaults, setupDefaults } from './defaults.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { seededRandom } from '../util/seeded-random.ts';
import { placedApart, tasksetBinary } from '../util/cpu-placement.ts';
import os from 'node:os';
import { parseDuration } from './duration.ts';
import { defaultP99Precision, fileSchema, minAutoRepetitions, setupKeys, setupSchema, type Setup } from './experiment-schema.ts';
import type { CellKey } from './cell-key.ts';
import { expandVariants, variantLocator, type VariantDraft } from './expand-variants.ts';
import { addSetupIssues } from './issues-to-problems.ts';
import { schemaAt, setupLeafPaths } from './schema-keys.ts';
import { SpecProblems } from './spec-problems.ts';
import type { RampConfig } from './ramp-config.ts';
import { YamlSource, type SpecPath } from './yaml-source.ts';
import { parseThresholds, type Threshold } from './thresholds.ts';

export const experimentsDir = path.join(repoRoot, 'experiments');

/** One variant, resolved: its name and the complete setup it runs. */
export interface Variant {
  name: string;
  /** What it is, as data: variant and matrix combination (`name` is cellName(key)). */
  key: CellKey;
  setup: Setup;
  /** What this variant sets on top of the base, as written (for plans and reports). */
  overrides: Plain;
}

/** One run of one variant. Repetitions interleave variants, so slow drift of the machine hits all alike. */
export interface Cell {
  index: number;
  variant: string;
  repetition: number;
}

/** repetitions: auto — the budget and the precisions a verdict of "no difference" needs. */
export interface AdaptiveRepetitions {
  maxRepetitions: number;
  /** msgs/s: a ratio shown within 1 ± precision (two one-sided tests at the design's level) is "no difference". */
  precision: number;
  /** The same for p99 latency, whose repetitions spread far more than a rate's (default 0.25). */
  p99Precision: number;
}

/** The order cells run in: each round's variants shuffled by a seeded PRNG (the seed is in run.json), or as written. */
export interface CellOrder {
  shuffled: boolean;
  seed: number;
}

/** A validated experiment file, expanded into the cells that will run. */
export interface Experiment {
  name: string;
  description: string;
  file: string;
  repetitions: number;
  duration: string;
  durationMs: number;
  warmup: string;
  warmupMs: number;
  /** A produce/consume burst through each cluster after it starts, before its first cell; 0 for none. */
  clusterWarmup: string;
  clusterWarmupMs: number;
  baseline: string;
  /** With a ramp, each variant's cells are steps of a search for its maximum sustainable rate. */
  ramp?: RampConfig;
  /**
   * repetitions: auto — `cells` holds the first rounds; the runner repeats, round-robin, the variants of every
   * undecided verdict until all are decided (a significant difference, or a ratio CI within ±precision of 1) or
   * each has maxRepetitions.
   */
  adaptive?: AdaptiveRepetitions;
  /** Conditions on summary metrics, checked after the run: a failed one gives its own exit code. */
  thresholds?: Threshold[];
  /**
   * A pilot round first: one repetition of every variant (repetition 0) that runs and is reported but never counted
   * — the cold first cell of a variant (its client's JIT, its topic's first segments) is not a sample of the rest.
   */
  pilot: boolean;
  order: CellOrder;
  variants: Variant[];
  /** Every cell that may run; with a ramp, up to maxSteps per variant (`repetition` is the step). */
  cells: Cell[];
}

const runKeys = [
  'repetitions',
  'maxRepetitions',
  'precision',
  'p99Precision',
  'pilot',
  'order',
  'seed',
  'duration',
  'warmup',
  'clusterWarmup',
  'baseline',
  'description',
  'name',
  'ramp',
  'thresholds',
];

/** `quickstart` → experiments/quickstart.yaml; anything ending in .yaml/.yml or holding a slash is a path. */
export async function resolveExperimentFile(nameOrPath: string): Promise<string> {
  const isPath = /\.ya?ml$/.test(nameOrPath) || nameOrPath.includes('/');
  const file = isPath ? path.resolve(nameOrPath) : path.join(experimentsDir, `${nameOrPath}.yaml`);
  const found = await stat(file).catch(() => undefined);
  if (found?.isDirectory())
    throw new UserError(
      `${path.relative(process.cwd(), file) || file} is a directory, not an experiment file`,
      'name a .yaml file, or an experiment in experiments/',
    );
  if (found) return file;
  const available = await listExperimentNames();
  throw new UserError(
    `no experiment file ${path.relative(process.cwd(), file) || file}`,
    available.length ? `${didYouMean(nameOrPath, available)}available: ${available.join(', ')}` : 'create one in experiments/',
  );
}

export async function listExperimentNames(): Promise<string[]> {
  const files = await readdir(experimentsDir).catch(() => []);
  return files
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.replace(/\.yaml$/, ''))
    .sort();
}

/** `topic.partitions=6` → a patch for the file, the value read as YAML (so 6 is a number, max a string). */
function applySets(top: Plain, sets: string[]): Plain {
  return sets.reduce<Plain>((patched, assignment) => {
    const equals = assignment.indexOf('=');
    if (equals <= 0) throw new UserError(`--set ${assignment}: expected key=value`, 'e.g. --set topic.partitions=6');
    const key = assignment.slice(0, equals);
    const keyPath = splitPath(key);
    if (!runKeys.includes(keyPath[0]!) && !schemaAt(keyPath)) {
      const known = [...runKeys, ...setupKeys];
      throw new UserError(`--set ${key}: unknown key`, `${didYouMean(keyPath[0]!, known)}keys start with one of ${known.join(', ')}`);
    }
    let value: unknown;
    try {
      value = parseYamlScalar(assignment.slice(equals + 1), { maxAliasCount: 0 });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new UserError(
        `--set ${assignment}: the value is not valid YAML (${reason})`,
        "quote it or fix it, e.g. --set workload.rate=2000 or --set 'serializer=json'",
      );
    }
    return deepMerge(patched, objectAt(keyPath, value)) as Plain;
  }, top);
}

/** More cells than this is a mistake (a matrix grown by accident), not a plan: at 20 s a cell it would run for days. */
const maxCells = 10_000;

/**
 * The experiment's name, which names its folder under results/: `name:` (validated by the schema) or the file's
 * name, held to the same rule so that no name can reach outside results/ (`..`, slashes) or hide (a leading dot).
 */
function experimentName(declared: string | undefined, file: string): string {
  if (declared !== undefined) return declared;
  const fromFile = path.basename(file).replace(/\.ya?ml$/, '');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(fromFile) || /^\.+$/.test(fromFile)) {
    throw new UserError(
      `${file}: the file's name "${fromFile}" cannot name a results folder`,
      'add name: with letters, digits, ".", "_" and "-" only (starting with a letter or digit), or rename the file',
    );
  }
  return fromFile;
}

/** Defaults a value implies: a `bytes` message is 1 KiB unless sized. */
function withImpliedDefaults(setup: Plain): Plain {
  const workload = setup.workload as Plain | undefined;
  if (workload?.message === 'bytes' && workload.messageSize === undefined) return deepMerge(setup, { workload: { messageSize: 1024 } }) as Plain;
  return setup;
}

/** Validates one setup and its cross-key rules, reporting problems where the file set the key. */
function validateSetup(merged: Plain, locate: (path: SpecPath) => SpecPath, problems: SpecProblems): Setup | undefined {
  const parsed = setupSchema.safeParse(merged);
  if (!parsed.success) {
    addSetupIssues({ problems, issues: parsed.error.issues, locate, value: (p) => getAt(merged, p.map(String)) });
    // Every problem in one pass: the client properties are checked on what the schema refused, too.
    for (const problem of clientPropertyProblems(merged)) problems.add(locate(problem.path), problem.message, problem.hint);
    return undefined;
  }
  for (const problem of crossCheck(parsed.data)) problems.add(locate(problem.path), problem.message, problem.hint);
  return parsed.data;
}

/** Parses, validates and expands an experiment file's text. Pure apart from reading nothing: tests call it directly. */
export function parseExperiment(file: string, text: string, options: { set?: string[] } = {}): Experiment {
  const source = new YamlSource(file, text);
  const [syntax] = source.syntaxErrors();
  if (syntax) throw new UserError(`${file}:${syntax.line}: YAML syntax error: ${syntax.message}`, 'fix the YAML at that line');
  const raw = source.value();
  if (raw === null || raw === undefined)
    throw new UserError(`${file}: the file is empty`, 'an experiment needs at least a description and the keys it changes; see experiments/quickstart.yaml');
  if (!isPlainObject(raw)) throw new UserError(`${file}: the top level must be a mapping of keys`, 'start with keys such as description:, duration:, cluster:');
  const top = applySets(raw, options.set ?? []);
  const problems = new SpecProblems(source);

  const topLevel = fileSchema.safeParse(top);
  if (!topLevel.success) {
    const topKeys = Object.keys(fileSchema.shape);
    addSetupIssues({
      problems,
      issues: topLevel.error.issues,
      locate: (p) => p,
      value: (p) => getAt(top, p.map(String)),
      knownKeys: (p) => (p.length === 0 ? topKeys : []),
    });
  }

  const baseInput = Object.fromEntries(Object.entries(top).filter(([key]) => setupKeys.includes(key)));
  const base = withImpliedDefaults(deepMerge(setupDefaults, baseInput) as Plain);
  const rawVariants = Array.isArray(top.variants) ? top.variants : [];
  const matrix = isPlainObject(top.matrix) ? (top.matrix as Record<string, unknown[]>) : {};

  const drafts: VariantDraft[] = [];
  const draftThresholds: Array<{ name: string; index: number; mapping: Record<string, unknown> }> = [];
  const seen = new Set<string>();
  rawVariants.forEach((entry: unknown, i: number) => {
    if (!isPlainObject(entry)) return;
    const { name, thresholds: own, ...overrides } = entry;
    if (own !== undefined) {
      if (isPlainObject(own)) draftThresholds.push({ name: String(name), index: i, mapping: own });
      else problems.add(['variants', i, 'thresholds'], 'must be a mapping of metric names to conditions', 'e.g. thresholds: { msgsPerSec: ">= 20000" }');
    }
    if (typeof name !== 'string' || name.trim() === '') {
      problems.add(['variants', i, 'name'], 'is required', 'give every variant a unique name');
    } else if (seen.has(name)) {
      problems.add(['variants', i, 'name'], `"${name}" is used by an earlier variant`, 'variant names must be unique');
    } else {
      seen.add(name);
    }
    for (const key of Object.keys(overrides).filter((k) => !setupKeys.includes(k))) {
      problems.add(
        ['variants', i, key],
        'unknown key',
        `${didYouMean(key, [...setupKeys, 'name', 'thresholds'])}a variant sets name, thresholds and any of: ${setupKeys.join(', ')}`,
      );
    }
    drafts.push({ name: String(name ?? `#${i + 1}`), key: { variant: String(name ?? `#${i + 1}`) }, overrides, locate: variantLocator(i, overrides) });
  });
  for (const [key, values] of Object.entries(matrix)) {
    if (!schemaAt(splitPath(key)))
      problems.add(
        ['matrix', key],
        'is not a key of the setup',
        `${didYouMean(key, setupLeafPaths())}matrix keys are dotted setup keys such as topic.partitions or serializer`,
      );
    else if (!Array.isArray(values)) problems.add(['matrix', key], 'must be a list of values', 'e.g. topic.partitions: [1, 3, 12]');
  }

  // Counted before expanding: a long matrix would take minutes and gigabytes to expand only to be refused.
  const combinations = Object.values(matrix).reduce((product, values) => product * (Array.isArray(values) ? Math.max(1, values.length) : 1), 1);
  const variantCount = Math.max(1, drafts.length) * combinations;
  if (variantCount > maxCells) {
    throw new UserError(
      `${file}: ${variantCount.toLocaleString('en-US')} variants (${Math.max(1, drafts.length)} × ${combinations.toLocaleString('en-US')} matrix combinations) is more than the ${maxCells.toLocaleString('en-US')} cells one run may have`,
      'shorten the matrix lists or split the experiment into several files',
    );
  }
  const expanded = problems.count === 0 ? expandVariants(drafts, matrix) : drafts;
  const candidates = expanded.length > 0 ? expanded : [{ name: 'base', key: { variant: 'base' }, overrides: {}, locate: (p: SpecPath) => p }];
  const variants: Variant[] = [];
  for (const draft of candidates) {
    const merged = withImpliedDefaults(deepMerge(base, draft.overrides) as Plain);
    const setup = validateSetup(merged, draft.locate, problems);
    if (setup)
      variants.push({
        name: draft.name,
        key: draft.key,
        setup: placedApart(setup, os.availableParallelism(), tasksetBinary() !== undefined),
        overrides: draft.overrides,
      });
  }

  const names = candidates.map((candidate) => candidate.name);
  const thresholds: Threshold[] = [];
  const collect = (mapping: Record<string, unknown>, at: SpecPath, variants?: string[]) => {
    const parsed = parseThresholds(mapping, variants);
    for (const problem of parsed.problems) problems.add([...at, problem.key], problem.message, problem.hint);
    thresholds.push(...parsed.thresholds);
  };
  if (isPlainObject(top.thresholds)) collect(top.thresholds, ['thresholds']);
  // A variant's thresholds apply to it and to every matrix combination of it.
  for (const own of draftThresholds)
    collect(
      own.mapping,
      ['variants', own.index, 'thresholds'],
      candidates.filter((candidate) => candidate.key.variant === own.name).map((candidate) => candidate.name),
    );
  const baseline = typeof top.baseline === 'string' ? top.baseline : names[0]!;
  // With a matrix, a variant's own name (`none`) is a baseline too: each combination is judged against its own `none`.
  const shortNames = [...new Set(candidates.filter((candidate) => candidate.key.matrix).map((candidate) => candidate.key.variant))].filter(Boolean);
  if (!names.includes(baseline) && !shortNames.includes(baseline))
    problems.add(
      ['baseline'],
      `"${baseline}" names no variant`,
      `${didYouMean(baseline, [...shortNames, ...names])}use one of ${[...shortNames, ...names].join(', ')}`,
    );
  const ramp = isPlainObject(top.ramp) ? ({ factor: 2, maxSteps: 10, precision: 0.1, ...top.ramp } as RampConfig) : undefined;
  if (ramp) {
    if (top.repetitions !== undefined && top.repetitions !== 1)
      problems.add(
        ['repetitions'],
        `is ${String(top.repetitions)}, but a ramp runs each rate once and picks the next from it`,
        'remove repetitions (run the experiment again to repeat the search)',
      );
    candidates.forEach((candidate) => {
      const variant = variants.find((v) => v.name === candidate.name);
      if (variant?.setup.workload.rate === 'max')
        problems.add(candidate.locate(['workload', 'rate']), 'is max, but the ramp sets the offered rate', 'remove workload.rate, or the ramp');
    });
  }
  const auto = top.repetitions === 'auto';
  for (const key of ['maxRepetitions', 'precision', 'p99Precision'] as const) {
    if (top[key] !== undefined && !auto) problems.add([key], 'applies to repetitions: auto only', 'set repetitions: auto, or remove it');
  }
  problems.throwIfAny();

  const duration = (top.duration as string | undefined) ?? runDefaults.duration;
  const warmup = (top.warmup as string | undefined) ?? runDefaults.warmup;
  const clusterWarmup = (top.clusterWarmup as string | undefined) ?? runDefaults.clusterWarmup;
  const adaptive = auto
    ? {
        maxRepetitions: (top.maxRepetitions as number | undefined) ?? 10,
        precision: (top.precision as number | undefined) ?? 0.05,
        p99Precision: (top.p99Precision as number | undefined) ?? defaultP99Precision,
      }
    : undefined;
  // repetitions: auto plans the first rounds; the runner adds rounds while a verdict is undecided.
  const repetitions = auto ? minAutoRepetitions : ((top.repetitions as number | undefined) ?? runDefaults.repetitions);
  const mostRepetitions = ramp ? ramp.maxSteps : (adaptive?.maxRepetitions ?? repetitions);
  const cellCount = mostRepetitions * variants.length;
  if (cellCount > maxCells) {
    throw new UserError(
      `${file}: ${cellCount.toLocaleString('en-US')} cells (${variants.length.toLocaleString('en-US')} variants × ${mostRepetitions} repetitions) is more than the ${maxCells.toLocaleString('en-US')} one run may have`,
      'lower repetitions, shorten the matrix lists or split the experiment into several files',
    );
  }
  // A pilot only where there are statistics to protect (3 or more repetitions, or auto); never in a ramp.
  const pilot = !ramp && ((top.pilot as boolean | undefined) ?? (auto || repetitions >= 3));
  const order: CellOrder = {
    shuffled: !ramp && ((top.order as string | undefined) ?? 'shuffled') === 'shuffled',
    // A ramp runs its steps in order and has nothing to shuffle: no seed to record either.
    seed: (top.seed as number | undefined) ?? (ramp ? 0 : Math.floor(Math.random() * 2_147_483_647)),
  };
  const cells: Cell[] = [];
  for (let repetition = pilot ? 0 : 1; repetition <= (ramp ? ramp.maxSteps : repetitions); repetition++) {
    const round = order.shuffled ? roundOrder(variants, order.seed, repetition) : variants;
    for (const variant of round) cells.push({ index: cells.length, variant: variant.name, repetition });
  }
  return {
    name: experimentName(top.name as string | undefined, file),
    description: (top.description as string | undefined) ?? '',
    file,
    repetitions,
    duration,
    durationMs: parseDuration(duration)!,
    warmup,
    warmupMs: parseDuration(warmup)!,
    clusterWarmup,
    clusterWarmupMs: parseDuration(clusterWarmup)!,
    baseline,
    ...(ramp ? { ramp } : {}),
    ...(adaptive ? { adaptive } : {}),
    ...(thresholds.length ? { thresholds } : {}),
    pilot,
    order,
    variants,
    cells,
  };
}

/**
 * One round's variants in the order they run: shuffled by the run's seed and the round (Fisher–Yates), so drift of
 * the machine within a round (a warming page cache, a neighbour's job) does not always favour the same variant.
 */
export function roundOrder<T>(variants: T[], seed: number, round: number): T[] {
  const random = seededRandom((seed ^ Math.imul(round + 1, 0x9e3779b1)) >>> 0);
  const shuffled = [...variants];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled;
}

/** Reads and validates experiments/<name>.yaml (or a path); throws one UserError listing every problem. */
export async function loadExperiment(nameOrPath: string, options: { set?: string[] } = {}): Promise<Experiment> {
  const file = await resolveExperimentFile(nameOrPath);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UserError(
      `cannot read ${path.relative(process.cwd(), file) || file}: ${error.code ?? error.message}`,
      'check that the file exists and that you may read it',
    );
  });
  return parseExperiment(path.relative(process.cwd(), file) || file, text, options);
}
