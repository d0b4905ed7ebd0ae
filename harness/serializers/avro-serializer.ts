import { readFileSync } from 'node:fs';
import path from 'node:path';
import avro from 'avsc';
import { repoRoot } from '../paths.ts';
import type { AnyMessage } from '../messages/message-types.ts';
import type { SerializerFactory } from './serializer.ts';

type Schemas = Record<'envelope' | 'cpu' | 'bus' | 'bytes', avro.Schema>;

/** avsc with the schemas in harness/workload/schemas/messages.avsc.json; no schema registry round trip. */
export const avroSerializer: SerializerFactory = (kind) => {
  const schemas = JSON.parse(readFileSync(path.join(repoRoot, 'harness', 'serializers', 'schemas', 'messages.avsc.json'), 'utf8')) as Schemas;
  const registry: Record<string, avro.Type> = {};
  avro.Type.forSchema(schemas.envelope, { registry });
  const type = avro.Type.forSchema(schemas[kind], { registry });
  return {
    encode: (message) => type.toBuffer(message),
    decode: (bytes) => type.fromBuffer(bytes) as AnyMessage,
  };
};
