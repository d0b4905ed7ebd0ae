import { avroSerializer } from './avro-serializer.ts';
import { jsonSerializer } from './json-serializer.ts';
import { msgpackSerializer } from './msgpack-serializer.ts';
import { protobufSerializer } from './protobuf-serializer.ts';
import type { SerializerFactory } from './serializer.ts';

/** Every serializer an experiment may name; keys must match `choices.serializer`. */
export const serializers: Record<'json' | 'protobuf' | 'avro' | 'msgpack', SerializerFactory> = {
  json: jsonSerializer,
  protobuf: protobufSerializer,
  avro: avroSerializer,
  msgpack: msgpackSerializer,
};
