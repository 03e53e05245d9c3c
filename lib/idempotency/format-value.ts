// Turning a stored idempotency record value into what an operator reads: JSON pretty-printed, text as
// text, anything else base64; cut at 64 KiB with the full size kept. Pure.
import { decodeValue, type ValueEncoding } from "@/lib/messages/decode-message";

/** Values are cut here in record detail; a 50 MB blob under a key must not reach the browser. */
export const MAX_RECORD_VALUE_BYTES = 64 * 1024;
/** Values in a list page are previews; the detail has the rest. */
export const LIST_VALUE_PREVIEW_BYTES = 2 * 1024;

export interface FormattedValue {
  value: string | null;
  encoding: ValueEncoding;
  /** Full size in bytes, also when only a part was read. */
  size: number;
  truncated: boolean;
}

/**
 * `bytes` is what was read (at most `maxBytes` of it is used); `fullSize` what the store holds
 * (Redis STRLEN), when known.
 */
export function formatRecordValue(bytes: Buffer | null, fullSize = bytes?.length ?? 0, maxBytes = MAX_RECORD_VALUE_BYTES): FormattedValue {
  if (bytes === null) return { value: null, encoding: "text", size: 0, truncated: false };
  const decoded = decodeValue(bytes, maxBytes);
  const size = Math.max(fullSize, bytes.length);
  const kept = Math.min(bytes.length, maxBytes);
  return { value: decoded.value, encoding: decoded.encoding, size, truncated: decoded.truncated || size > kept };
}

/** A value that is already text or a JSON document (a PostgreSQL column or row). */
export function formatTextOrJson(value: unknown, maxBytes = MAX_RECORD_VALUE_BYTES): FormattedValue {
  if (value === null || value === undefined) return { value: null, encoding: "text", size: 0, truncated: false };
  if (Buffer.isBuffer(value)) return formatRecordValue(value, value.length, maxBytes);
  if (typeof value === "string") return formatRecordValue(Buffer.from(value, "utf8"), undefined, maxBytes);
  if (value instanceof Date) return formatRecordValue(Buffer.from(value.toISOString(), "utf8"), undefined, maxBytes);
  const json = JSON.stringify(value, null, 2) ?? String(value);
  const bytes = Buffer.from(json, "utf8");
  if (bytes.length <= maxBytes) return { value: json, encoding: "json", size: bytes.length, truncated: false };
  return formatRecordValue(bytes, bytes.length, maxBytes);
}

export interface RecordMeta {
  processedAt?: string;
  consumer?: string;
}

export const PROCESSED_AT_FIELDS = ["processedAt", "processed_at", "processedTime", "ts"];
export const CONSUMER_FIELDS = ["consumer", "consumerGroup", "consumer_group", "processedBy", "processed_by", "service"];

/**
 * What a JSON record value says about when and by whom the event was processed, as the seeds write
 * it: {"consumer": "inventory-service", "processedAt": "2026-01-31T12:00:00Z"}. Epoch seconds or
 * milliseconds are accepted too.
 */
export function recordMetaFromValue(value: string | null, encoding: ValueEncoding): RecordMeta {
  if (value === null || encoding !== "json") return {};
  let document: unknown;
  try {
    document = JSON.parse(value);
  } catch {
    return {};
  }
  if (!document || typeof document !== "object" || Array.isArray(document)) return {};
  const record = document as Record<string, unknown>;
  const meta: RecordMeta = {};
  for (const field of PROCESSED_AT_FIELDS) {
    const at = toIsoTime(record[field]);
    if (at) {
      meta.processedAt = at;
      break;
    }
  }
  for (const field of CONSUMER_FIELDS) {
    const consumer = record[field];
    if (typeof consumer === "string" && consumer !== "") {
      meta.consumer = consumer;
      break;
    }
  }
  return meta;
}

/** ISO text from an ISO string, a Date, or epoch seconds/milliseconds; null for anything else. */
export function toIsoTime(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === "number" && Number.isFinite(value) && value > 0) {
    // Below 10^11 it is seconds (that is until the year 5138); above, milliseconds.
    const ms = value < 1e11 ? value * 1000 : value;
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  return null;
}
