import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One arrow between two top-level parts of harness/, with the imports that draw it. */
export interface FolderArrow {
  from: string;
  to: string;
  imports: string[];
}

/** Static imports, `export … from` and dynamic `import()` of relative paths; type-only imports count too. */
const relativeImport = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** A file's part: its top-level folder under harness/ (or the file's own name for a file directly in harness/). */
function partOf(harnessDir: string, file: string): string {
  return path.relative(harnessDir, file).split(path.sep)[0]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** The arrows between harness/'s top-level folders, read from the code's own import statements. */
export function folderArrows(harnessDir: string): FolderArrow[] {
  const arrows = new Map<string, FolderArrow>();
  for (const file of sourceFiles(harnessDir)) {
    const from = partOf(harnessDir, file);
    for (const match of readFileSync(file, 'utf8').matchAll(relativeImport)) {
      const target = path.resolve(path.dirname(file), match[1]!);
      if (!target.startsWith(harnessDir + path.sep)) continue;
      const to = partOf(harnessDir, target);
      if (to === from) continue;
      const key = `${from} -> ${to}`;
      const arrow = arrows.get(key) ?? { from, to, imports: [] };
      arrow.imports.push(`${path.relative(harnessDir, file)} imports ${match[1]}`);
      arrows.set(key, arrow);
    }
  }
  return [...arrows.values()];
}

/** Every cycle's parts in order (first part repeated at the end), found by depth-first search; [] when none. */
export function cyclesOf(arrows: Array<Pick<FolderArrow, 'from' | 'to'>>): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of arrows) next.set(from, [...(next.get(from) ?? []), to]);
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const onPath: string[] = [];
  const visit = (part: string) => {
    const at = onPath.indexOf(part);
    if (at >= 0) {
      cycles.push([...onPath.slice(at), part]);
      return;
    }
    if (seen.has(part)) return;
    seen.add(part);
    onPath.push(part);
    for (const to of next.get(part) ?? []) visit(to);
    onPath.pop();
  };
  for (const part of [...next.keys()].sort()) visit(part);
  return cycles;
}
