import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { findSourceMap, SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The source maps a profiled process held, by module URL: tsx compiles each .ts file to one line, so a profile's `file:1` needs them. */
export type SourceMaps = Record<string, SourceMapPayload>;

/** Where `--cpu-prof-dir` sends this process's profiles, when it is being profiled. */
export function cpuProfileDirOf(execArgv: readonly string[]): string | undefined {
  return execArgv.find((flag) => flag.startsWith('--cpu-prof-dir='))?.slice('--cpu-prof-dir='.length);
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? typeScriptFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  );
}

/**
 * Writes the source maps Node holds for the harness's modules this process loaded into `<dir>/source-maps.json`,
 * without their sources (the files are in the repository). Node keeps the maps tsx attached (it enables source
 * maps) and positions in the profile are in the same compiled code, so they map exactly.
 */
export function writeLoadedSourceMaps(dir: string, harnessDir: string): void {
  const maps: SourceMaps = {};
  for (const file of typeScriptFiles(harnessDir)) {
    const url = pathToFileURL(file).href;
    const map = findSourceMap(url);
    if (!map) continue;
    const { sourcesContent: _left, ...payload } = map.payload;
    maps[url] = payload as SourceMapPayload;
  }
  // --cpu-prof makes its folder only when it writes the profile, after this.
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'source-maps.json'), JSON.stringify(maps));
}

/** A compiled position (0-based line and column, as a .cpuprofile has them) → the TypeScript file's 1-based line. */
export type PositionMapper = (url: string, line: number, column: number) => { url: string; line: number } | undefined;

export function positionMapper(maps: SourceMaps | undefined): PositionMapper {
  const parsed = new Map<string, SourceMap>();
  return (url, line, column) => {
    const payload = maps?.[url];
    if (!payload) return undefined;
    const map = parsed.get(url) ?? parsed.set(url, new SourceMap(payload)).get(url)!;
    const entry = map.findEntry(line, column) as { originalSource?: string; originalLine?: number };
    return entry.originalSource === undefined || entry.originalLine === undefined ? undefined : { url: entry.originalSource, line: entry.originalLine + 1 };
  };
}
