import type { RawMessage } from "@/lib/brokers/types";

// Values are shown to operators, so they are decoded defensively: JSON pretty-printed, UTF-8 text as
// text, anything else base64. Big values are cut so one message cannot blow up a page or the server.
export const MAX_VALUE_BYTES = 1024 * 1024;
export const MAX_HEADER_BYTES = 16 * 1024;

export type ValueEncoding = "json" | "text" | "base64";

export interface DecodedValue {
  value: string | null;
  encoding: ValueEncoding;
  size: number;
  truncated: boolean;
}

export interface Message {
  partition: number;
  offset: number;
  timestamp: string;
  key: string | null;
  headers: Record<string, string>;
  value: string | null;
  encoding: ValueEncoding;
  size: number;
  truncated?: boolean;
  subject?: string;
  /** Redis Streams: the entry id (<ms>-<seq>). */
  id?: string;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 text without control characters other than whitespace; otherwise null. */
export function decodeUtf8Text(bytes: Buffer): string | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text) ? null : text;
}

/** Cuts at a UTF-8 character boundary so a truncated text value stays valid text. */
function cutAtCharBoundary(bytes: Buffer, max: number): Buffer {
  let end = Math.min(max, bytes.length);
  // Step back over continuation bytes (10xxxxxx) so we never split a multi-byte character.
  while (end > 0 && end < bytes.length && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

export function decodeValue(bytes: Buffer | null, maxBytes = MAX_VALUE_BYTES): DecodedValue {
  if (bytes === null) return { value: null, encoding: "text", size: 0, truncated: false };
  const size = bytes.length;
  const truncated = size > maxBytes;
  const kept = truncated ? cutAtCharBoundary(bytes, maxBytes) : bytes;
  const text = decodeUtf8Text(kept);
  if (text === null) return { value: kept.toString("base64"), encoding: "base64", size, truncated };
  if (!truncated) {
    const json = tryPrettyJson(text);
    if (json !== null) return { value: json, encoding: "json", size, truncated };
  }
  return { value: text, encoding: "text", size, truncated };
}

function tryPrettyJson(text: string): string | null {
  const trimmed = text.trim();
  if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) return null;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return null;
  }
}

/** Keys and headers are shown as text when they are text, else as base64 prefixed so it is visible. */
export function decodeShortBytes(bytes: Buffer | null, maxBytes = MAX_HEADER_BYTES): string | null {
  if (bytes === null) return null;
  const kept = bytes.length > maxBytes ? cutAtCharBoundary(bytes, maxBytes) : bytes;
  const text = decodeUtf8Text(kept);
  return text ?? `base64:${kept.toString("base64")}`;
}

export function decodeMessage(raw: RawMessage): Message {
  return withDecodedParts(raw, decodeValue(raw.value));
}

/**
 * As decodeMessage, but the value is left undecoded (value null, its size kept): for messages that
 * are only counted or sent on (a requeue copies the raw bytes), where JSON pretty-printing was a
 * third of the CPU.
 */
export function decodeMessageExceptValue(raw: RawMessage): Message {
  return withDecodedParts(raw, { value: null, encoding: "text", size: raw.value?.length ?? 0, truncated: false });
}

function withDecodedParts(raw: RawMessage, decoded: DecodedValue): Message {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw.headers)) headers[name] = decodeShortBytes(value) ?? "";
  const message: Message = {
    partition: raw.partition,
    offset: raw.offset,
    timestamp: raw.timestamp,
    key: decodeShortBytes(raw.key),
    headers,
    value: decoded.value,
    encoding: decoded.encoding,
    size: decoded.size,
  };
  if (decoded.truncated) message.truncated = true;
  if (raw.subject !== undefined) message.subject = raw.subject;
  // Redis Streams: the entry id, which addresses the message (`offset` is only positional; API.md).
  if (raw.id !== undefined) message.id = raw.id;
  return message;
}

/** Plain text search over key, headers and value, case-insensitive. */
export function messageMatches(message: Message, query: string): boolean {
  const needle = query.toLowerCase();
  if (message.key?.toLowerCase().includes(needle)) return true;
  if (message.value?.toLowerCase().includes(needle)) return true;
  if (message.subject?.toLowerCase().includes(needle)) return true;
  return Object.entries(message.headers).some(
    ([name, value]) => name.toLowerCase().includes(needle) || value.toLowerCase().includes(needle),
  );
}
