import type { MessageEncoding } from "@/lib/contract/topics";
import { formatBytes } from "./format";

// Turning broker-provided payloads into safe, readable text. Pure functions: the components render
// their results as React text only, never as HTML.

/** The contract's Message encoding. */
export type { MessageEncoding };

/** Length of the preview shown in a table cell. */
export const PREVIEW_CHARS = 120;
/** Hex dumps stop here; a 1 MB binary value would otherwise freeze the tab. */
export const HEX_DUMP_MAX_BYTES = 4096;

// C0 controls except tab/newline/carriage return, DEL, C1 controls, and the Unicode bidi overrides and
// isolates that can make a hostile topic name or header read differently from what it is.
const UNSAFE_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Makes invisible and direction-changing characters visible (as \uXXXX) so that what an operator
 * reads is what the broker holds. Tabs and newlines are kept (multi-line values stay multi-line).
 */
export function revealControlChars(text: string): string {
  return text.replace(UNSAFE_CHARS, escapeChar);
}

/** One line for a table cell: controls revealed, line breaks shown as "↵", cut to `max` characters. */
export function previewText(text: string | null | undefined, max = PREVIEW_CHARS): string {
  if (text === null || text === undefined) return "";
  const oneLine = revealControlChars(text).replace(/\r\n|\r|\n/g, "↵").replace(/\t/g, " ");
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** Pretty-printed JSON, or null when the text does not parse (a truncated value, for one). */
export function prettyJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

/** Decodes standard or URL-safe base64; returns null for input that is not base64. */
export function decodeBase64(text: string): Uint8Array | null {
  const cleaned = text.replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(cleaned)) return null;
  const padded = cleaned.length % 4 === 0 ? cleaned : cleaned + "=".repeat(4 - (cleaned.length % 4));
  try {
    const binary = atob(padded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

/**
 * Classic hex dump, 16 bytes a line: offset, hex bytes, printable ASCII (others as ".").
 * "00000000  7b 22 69 64 22 3a 31 7d                          {"id":1}"
 */
export function hexDump(bytes: Uint8Array, maxBytes = HEX_DUMP_MAX_BYTES): string {
  const shown = Math.min(bytes.length, maxBytes);
  const lines: string[] = [];
  for (let offset = 0; offset < shown; offset += 16) {
    const end = Math.min(offset + 16, shown);
    let hex = "";
    let ascii = "";
    for (let i = offset; i < offset + 16; i += 1) {
      if (i < end) {
        const byte = bytes[i]!;
        hex += byte.toString(16).padStart(2, "0") + " ";
        ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".";
      } else {
        hex += "   ";
      }
      if (i === offset + 7) hex += " ";
    }
    lines.push(`${offset.toString(16).padStart(8, "0")}  ${hex} ${ascii}`);
  }
  if (bytes.length > shown) lines.push(`… ${bytes.length - shown} more bytes not shown`);
  return lines.join("\n");
}

export interface ValueLike {
  value: string | null;
  encoding: MessageEncoding;
  size: number;
  truncated?: boolean;
}

/** Bytes actually received for the value (base64 decoded, text as UTF-8). */
export function receivedBytes(message: Pick<ValueLike, "value" | "encoding">): number {
  if (message.value === null) return 0;
  if (message.encoding === "base64") {
    const bytes = decodeBase64(message.value);
    if (bytes) return bytes.length;
    // Not decodable: estimate from the length.
    return Math.floor((message.value.length * 3) / 4);
  }
  return new TextEncoder().encode(message.value).length;
}

/** The server cut the value short: it says so, or sent fewer bytes than the message holds. */
export function isTruncated(message: ValueLike): boolean {
  if (message.truncated) return true;
  if (message.value === null) return false;
  return receivedBytes(message) < message.size;
}

/** Values up to this length are re-serialised compactly for the preview; longer ones are just cut. */
const COMPACT_JSON_MAX_CHARS = 20_000;

/** Table-cell preview of a message value. Pretty-printed JSON is shown compact ({"id":1,...}). */
export function previewValue(message: Pick<ValueLike, "value" | "encoding" | "size">): string {
  if (message.value === null) return "null";
  if (message.encoding === "base64") return `binary, ${formatBytes(message.size)}`;
  if (message.encoding === "json" && message.value.length <= COMPACT_JSON_MAX_CHARS) {
    try {
      return previewText(JSON.stringify(JSON.parse(message.value)));
    } catch {
      // Not parseable (truncated, say): fall through to the raw text.
    }
  }
  return previewText(message.value);
}
