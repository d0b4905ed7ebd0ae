import type { BytesMessage } from '../messages/message-types.ts';
import type { SerializerFactory } from './serializer.ts';

/** JSON has no bytes type: a bytes payload travels as base64, as a JSON pipeline would send it. */
export const jsonSerializer: SerializerFactory = (kind) => {
  if (kind !== 'bytes') {
    return { encode: (message) => Buffer.from(JSON.stringify(message)), decode: (bytes) => JSON.parse(bytes.toString()) };
  }
  return {
    encode: (message) => {
      const { meta, payload } = message as BytesMessage;
      return Buffer.from(JSON.stringify({ meta, payload: payload.toString('base64') }));
    },
    decode: (bytes) => {
      const parsed = JSON.parse(bytes.toString()) as { meta: BytesMessage['meta']; payload: string };
      return { meta: parsed.meta, payload: Buffer.from(parsed.payload, 'base64') };
    },
  };
};
