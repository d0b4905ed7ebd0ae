import type { AnyMessage, MessageKind } from '../messages/message-types.ts';

/** Turns messages of one kind into bytes and back. One file per format, one line in the registry. */
export interface Serializer {
  encode(message: AnyMessage): Buffer;
  decode(bytes: Buffer): AnyMessage;
}

/** Builds the serializer for a message kind (schemas are loaded once, here, not per message). */
export type SerializerFactory = (kind: MessageKind) => Serializer;
