import { deepMerge, getAt, objectAt, splitPath, type Plain, valueLabel } from './deep-merge.ts';
import type { SpecPath } from './yaml-source.ts';
import { type CellKey, cellName } from './cell-key.ts';

/** A variant before validation: its name, what it overrides, and where each override came from in the file. */
export interface VariantDraft {
  name: string;
  /** The variant and matrix combination it is, as data (cell-key.ts formats `name` from it). */
  key: CellKey;
  overrides: Plain;
  /** Maps a path inside the setup to the path in the file that set it. */
  locate: (setupPath: SpecPath) => SpecPath;
}

function startsWith(path: SpecPath, prefix: SpecPath): boolean {
  return prefix.every((part, i) => String(path[i]) === String(part));
}

/** The cross product of the matrix's values, in file order; one empty combination when there is no matrix. */
export function matrixCombinations(matrix: Record<string, unknown[]>): Array<Array<[string, unknown]>> {
  return Object.entries(matrix).reduce<Array<Array<[string, unknown]>>>(
    (combos, [key, values]) => combos.flatMap((combo) => values.map((value) => [...combo, [key, value] as [string, unknown]])),
    [[]],
  );
}

/**
 * Variants × matrix: each variant (or the base alone) crossed with every matrix combination.
 * A combination's name joins `key=value` pairs, after the variant's name when there is one.
 */
export function expandVariants(variants: VariantDraft[], matrix: Record<string, unknown[]>): VariantDraft[] {
  const combos = matrixCombinations(matrix);
  if (Object.keys(matrix).length === 0) return variants;
  const bases: VariantDraft[] = variants.length > 0 ? variants : [{ name: '', key: { variant: '' }, overrides: {}, locate: (path) => path }];
  return bases.flatMap((base) =>
    combos.map((combo): VariantDraft => {
      const overrides = combo.reduce<Plain>((merged, [key, value]) => deepMerge(merged, objectAt(splitPath(key), value)) as Plain, base.overrides);
      const key: CellKey = { variant: base.name, matrix: combo.map(([setting, value]) => [setting, valueLabel(value)]) };
      const locate = (path: SpecPath): SpecPath => {
        const setting = combo.find(([dotted]) => startsWith(path, splitPath(dotted)) || startsWith(splitPath(dotted), path))?.[0];
        return setting !== undefined ? ['matrix', setting] : base.locate(path);
      };
      return { name: cellName(key), key, overrides, locate };
    }),
  );
}

/** Locates a path in variant `index` when that variant set it, else in the base. */
export function variantLocator(index: number, overrides: Plain): (path: SpecPath) => SpecPath {
  return (path) => (getAt(overrides, path.map(String)) !== undefined ? ['variants', index, ...path] : path);
}
