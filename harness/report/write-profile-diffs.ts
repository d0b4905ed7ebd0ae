import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../paths.ts';
import type { CpuProfile } from '../profile/cpuprofile-to-top-functions.ts';
import { diffProfiles, type FunctionChange, type MappedProfile } from '../profile/profile-diff.ts';
import { positionMapper, type SourceMaps } from '../profile/source-maps.ts';
import type { RunRecord } from '../results/run-record.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { errorMessage } from '../util/error-message.ts';
import { fileSlug } from '../util/file-slug.ts';
import { type FlameGraphLibraries, profileDiffPage } from './profile-diff-page.ts';
import { completedCells, variantNames } from '../analysis/run-to-summary.ts';
import { baselineNameFor } from '../analysis/verdicts.ts';

/** One differential flame graph the report links: a variant's process against its baseline's same process. */
export interface ProfileDiffLink {
  variant: string;
  against: string;
  process: string;
  /** The page, relative to the report's folder. */
  file: string;
  /** The functions whose self share changed most, for the report's one-line reading. */
  topChanges: FunctionChange[];
}

/** A diff to draw: both sides' .cpuprofile files (relative to the report's folder), every completed repetition's. */
interface PlannedDiff {
  variant: string;
  against: string;
  process: string;
  before: string[];
  after: string[];
  file: string;
}

/** Every profiled variant against its baseline (in a comparison: its namesake in the baseline's run), process by process. */
export function plannedDiffs(record: RunRecord): PlannedDiff[] {
  const names = variantNames(record);
  const profilesOf = (variant: string) => {
    const byProcess = new Map<string, string[]>();
    for (const cell of completedCells(record, variant))
      for (const profile of cell.profiles ?? []) byProcess.set(profile.process, [...(byProcess.get(profile.process) ?? []), profile.cpuprofile]);
    return byProcess;
  };
  return names.flatMap((variant) => {
    const against = baselineNameFor(variant, record);
    if (against === variant) return [];
    const before = profilesOf(against);
    return [...profilesOf(variant)].flatMap(([process, after]) => {
      const theirs = before.get(process);
      return theirs
        ? [{ variant, against, process, before: theirs, after, file: `profile-diffs/${fileSlug(variant, 60)}-vs-${fileSlug(against, 60)}.${process}.html` }]
        : [];
    });
  });
}

async function readMapped(dir: string, file: string): Promise<MappedProfile> {
  const full = path.resolve(dir, file);
  const profile = JSON.parse(await readFile(full, 'utf8')) as CpuProfile;
  const maps = await readFile(full.replace(/\.cpuprofile$/, '.source-maps.json'), 'utf8').then(
    (text) => JSON.parse(text) as SourceMaps,
    () => undefined,
  );
  return { profile, mapPosition: positionMapper(maps) };
}

async function readFlameGraphLibraries(): Promise<FlameGraphLibraries> {
  const read = (file: string) => readFile(path.join(repoRoot, 'node_modules', file), 'utf8');
  const [d3, flameGraph] = await Promise.all([read('d3/dist/d3.min.js'), read('d3-flame-graph/dist/d3-flamegraph.umd.min.js')]);
  return { d3, flameGraph };
}

/**
 * Writes a differential flame graph page per profiled variant and process into `<dir>/profile-diffs/`; a profile that
 * is missing or damaged leaves its page out and is named in `missing`.
 */
export async function writeProfileDiffs(dir: string, record: RunRecord): Promise<{ links: ProfileDiffLink[]; missing: string[] }> {
  const planned = plannedDiffs(record);
  if (planned.length === 0) return { links: [], missing: [] };
  const libraries = await readFlameGraphLibraries();
  await mkdir(path.join(dir, 'profile-diffs'), { recursive: true });
  const links: ProfileDiffLink[] = [];
  const missing: string[] = [];
  for (const diff of planned) {
    try {
      const [before, after] = await Promise.all([
        Promise.all(diff.before.map((file) => readMapped(dir, file))),
        Promise.all(diff.after.map((file) => readMapped(dir, file))),
      ]);
      const result = diffProfiles(before, after, { root: repoRoot });
      const page = profileDiffPage({
        title: `${diff.process}: ${diff.variant} against ${diff.against}, differential flame graph`,
        before: diff.against,
        after: diff.variant,
        sources: { before: diff.before, after: diff.after },
        diff: result,
        libraries,
      });
      await writeFileAtomic(path.join(dir, diff.file), page);
      links.push({ variant: diff.variant, against: diff.against, process: diff.process, file: diff.file, topChanges: result.changed.slice(0, 3) });
    } catch (error) {
      missing.push(`the differential flame graph of ${diff.process}, ${diff.variant} against ${diff.against}, is left out: ${errorMessage(error)}`);
    }
  }
  return { links, missing };
}
