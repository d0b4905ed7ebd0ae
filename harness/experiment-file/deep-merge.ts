export type Plain = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; anything else (arrays included) in `override` replaces what `base` had. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return structuredClone(override);
  const merged: Plain = structuredClone(base);
  for (const [key, value] of Object.entries(override)) merged[key] = key in merged ? deepMerge(merged[key], value) : structuredClone(value);
  return merged;
}

/** `topic.partitions` → ['topic', 'partitions']; config keys with dots stay whole under a `config` map. */
export function splitPath(dotted: string): string[] {
  const parts = dotted.split('.');
  const config = parts.findIndex((part) => part === 'config' || part === 'brokerConfig');
  return config >= 0 && config < parts.length - 1 ? [...parts.slice(0, config + 1), parts.slice(config + 1).join('.')] : parts;
}

/** An object holding `value` at `path`, for merging onto a setup. */
export function objectAt(path: string[], value: unknown): Plain {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Plain;
}

export function getAt(value: unknown, path: string[]): unknown {
  // A list's items are reached by index: a bad item (metricsUrls[1]) must show its value, not read as missing.
  return path.reduce<unknown>((node, key) => (Array.isArray(node) ? node[Number(key)] : isPlainObject(node) ? node[key] : undefined), value);
}

/** A value as variant names and plans show it: scalars bare (`serializer=json`), lists and the rest as JSON. */
export function valueLabel(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Every leaf of nested mappings, as [dotted.key, value]; a list is a leaf. */
export function leaves(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (isPlainObject(value)) return Object.entries(value).flatMap(([key, inner]) => leaves(inner, prefix ? `${prefix}.${key}` : key));
  return [[prefix, value]];
}
