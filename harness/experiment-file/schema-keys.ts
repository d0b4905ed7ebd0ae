import { z } from 'zod';
import { setupSchema } from './experiment-schema.ts';

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
  return current;
}

/** The schema at a path of the setup, or undefined where the path leads nowhere. */
export function schemaAt(path: Array<string | number>): z.ZodType | undefined {
  let schema: z.ZodType | undefined = setupSchema;
  for (const part of path) {
    const current: z.ZodType = unwrap(schema!);
    if (current instanceof z.ZodObject) schema = (current.shape as Record<string, z.ZodType>)[String(part)];
    else if (current instanceof z.ZodRecord) schema = current.valueType as z.ZodType;
    else return undefined;
    if (!schema) return undefined;
  }
  return schema;
}

/** Keys an object at `path` accepts; empty when it is not a fixed-key object. */
export function knownKeysAt(path: Array<string | number>): string[] {
  const schema = schemaAt(path);
  const current = schema ? unwrap(schema) : undefined;
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

/** The allowed values where the schema is an enum. */
export function enumValuesAt(path: Array<string | number>): string[] {
  const schema = schemaAt(path);
  const current = schema ? unwrap(schema) : undefined;
  return current instanceof z.ZodEnum ? (current.options as string[]) : [];
}

/** Every dotted leaf key of the setup (`topic.partitions`, `serializer`, …), for suggestions. */
export function setupLeafPaths(path: string[] = []): string[] {
  const keys = knownKeysAt(path);
  if (keys.length === 0) return [path.join('.')];
  return keys.flatMap((key) => setupLeafPaths([...path, key]));
}
