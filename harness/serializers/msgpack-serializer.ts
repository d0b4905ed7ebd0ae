import { Packr } from 'msgpackr';
import type { AnyMessage } from '../messages/message-types.ts';
import type { SerializerFactory } from './serializer.ts';

/**
 * msgpackr, the fastest MessagePack for Node, in its plain (interoperable) mode: record extensions
 * would make it faster still but unreadable to other languages' MessagePack.
 */
export const msgpackSerializer: SerializerFactory = () => {
  const packr = new Packr({ useRecords: false });
  return {
    encode: (message) => packr.pack(message),
    decode: (bytes) => packr.unpack(bytes) as AnyMessage,
  };
};
