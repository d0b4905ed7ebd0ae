import path from 'node:path';
import protobuf from 'protobufjs';
import { repoRoot } from '../paths.ts';
import type { AnyMessage } from '../messages/message-types.ts';
import type { SerializerFactory } from './serializer.ts';

const typeNames = { cpu: 'kafkalab.CpuMessage', bus: 'kafkalab.BusMessage', bytes: 'kafkalab.BytesMessage' } as const;
let root: protobuf.Root | undefined;

/** protobufjs with the schema in harness/workload/schemas/messages.proto, compiled once per process. */
export const protobufSerializer: SerializerFactory = (kind) => {
  root ??= protobuf.loadSync(path.join(repoRoot, 'harness', 'serializers', 'schemas', 'messages.proto'));
  const type = root.lookupType(typeNames[kind]);
  return {
    // Our objects already have the schema's shape, so encode() needs no fromObject() copy first.
    encode: (message) => Buffer.from(type.encode(message as unknown as protobuf.Message).finish()),
    decode: (bytes) => type.decode(bytes) as unknown as AnyMessage,
  };
};
