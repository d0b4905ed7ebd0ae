/**
 * What a cell is a repetition of, as data: the experiment file's variant, its matrix combination, a ramp step's
 * rate, and in a comparison the run it came from. Its display name is `cellName(key)`, formatted here and nowhere
 * else; nothing reads a name back into its parts (runs recorded before keys existed get theirs once, on reading).
 */
export interface CellKey {
  /** The experiment file's variant name ('' for the base of a matrix without variants, 'base' without either). */
  variant: string;
  /** The matrix combination: dotted setup key and value label, in the file's order. */
  matrix?: Array<[string, string]>;
  /** A ramp step's offered rate per producer. */
  rampRate?: number;
  /** In a comparison: the label of the run the cell came from. */
  run?: string;
}

/** The one display name of a cell's key: `run/variant/key=value,key=value@rate`. */
export function cellName(key: CellKey): string {
  const combination = key.matrix?.map(([setting, value]) => `${setting}=${value}`).join(',');
  const name = [key.variant, combination].filter(Boolean).join('/');
  return `${key.run ? `${key.run}/` : ''}${name}${key.rampRate !== undefined ? `@${key.rampRate}` : ''}`;
}

/** Whether two keys name the same matrix combination (both none counts as the same). */
export function sameCombination(a: CellKey, b: CellKey): boolean {
  return cellName({ variant: '', ...(a.matrix ? { matrix: a.matrix } : {}) }) === cellName({ variant: '', ...(b.matrix ? { matrix: b.matrix } : {}) });
}

/**
 * The key of a cell recorded before cells carried one, from its name. Only run records older than keys come here
 * (results/run-record.ts upgrades them on reading); a ramp step's name ends in `@<rate>`, a matrix combination
 * follows the last `/` when it holds `key=value` pairs.
 */
export function keyOfLegacyName(name: string): CellKey {
  const ramp = /@(\d+(?:\.\d+)?)$/.exec(name);
  const withoutRate = ramp ? name.slice(0, ramp.index) : name;
  const slash = withoutRate.lastIndexOf('/');
  const tail = slash >= 0 ? withoutRate.slice(slash + 1) : withoutRate;
  const isCombination = tail.includes('=') && tail.split(',').every((pair) => pair.includes('='));
  const matrix = isCombination
    ? tail.split(',').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as [string, string])
    : undefined;
  const variant = isCombination ? (slash >= 0 ? withoutRate.slice(0, slash) : '') : withoutRate;
  return { variant, ...(matrix ? { matrix } : {}), ...(ramp ? { rampRate: Number(ramp[1]) } : {}) };
}
