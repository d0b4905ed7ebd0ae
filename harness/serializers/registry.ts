import { avroSerializer } from './avro-serializer.ts';
import { jsonSerializer } from './json-serializer.ts';
import { msgpackSerializer } from './msgpack-serializer.ts';
import { protobufSerializer } from './protobuf-serializer.ts';
import type { SerializerFactory } from './serializer.ts';

/** Every serializer an experiment may name: the experiment file's `serializer` choices are these keys. */
export const serializers = {
  json: jsonSerializer,
  protobuf: protobufSerializer,
  avro: avroSerializer,
  msgpack: msgpackSerializer,
} satisfies Record<string, SerializerFactory>;
