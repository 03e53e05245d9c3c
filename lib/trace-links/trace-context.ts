// Which distributed trace a message belongs to, read from its headers. Pure: no I/O, no config.
// The trace id that comes out is always 16 or 32 lowercase hex digits, so it is safe to put in a link.

export type TraceHeader = "traceparent" | "uber-trace-id";

export interface TraceContext {
  /** 32 lowercase hex (W3C, Jaeger 128-bit) or 16 (Jaeger 64-bit). */
  traceId: string;
  /** The header it was read from. */
  from: TraceHeader;
}

/** Longer header values are not trace context (W3C's own limit is far below; this bounds the work). */
const MAX_HEADER_LENGTH = 512;

// version-traceid-parentid-flags, lowercase only (W3C Trace Context, level 1 section 3.2.2).
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^]*)?$/;
const ALL_ZEROS = /^0+$/;

/**
 * A W3C `traceparent` value, validated as the specification says: version ff is invalid, version 00
 * has exactly four fields, a later version may append fields after a "-"; trace id and parent id
 * are lowercase hex and not all zeros. Anything else (uppercase, padding, extra spaces): null.
 */
export function parseTraceparent(value: string): string | null {
  if (value.length > MAX_HEADER_LENGTH) return null;
  const match = TRACEPARENT.exec(value);
  if (!match) return null;
  const [, version, traceId, spanId, , rest] = match;
  if (version === "ff") return null;
  if (version === "00" && rest !== undefined) return null;
  if (ALL_ZEROS.test(traceId) || ALL_ZEROS.test(spanId)) return null;
  return traceId;
}

// {trace-id}:{span-id}:{parent-span-id}:{flags}; Jaeger clients drop leading zeros of each id.
const UBER_TRACE_ID = /^([0-9a-f]{1,32}):([0-9a-f]{1,16}):([0-9a-f]{1,16}):([0-9a-f]{1,2})$/i;

/**
 * Jaeger's `uber-trace-id`. A trace id of up to 16 digits is a 64-bit id, left-padded to 16; 17 to 32
 * digits a 128-bit id, padded to 32 (what the Jaeger UI looks up). The span id must not be zero (the
 * parent may: a root span). Hex digits of either case are read (Jaeger's own parser does), and the
 * id comes out lowercase.
 */
export function parseUberTraceId(value: string): string | null {
  if (value.length > MAX_HEADER_LENGTH) return null;
  const match = UBER_TRACE_ID.exec(value);
  if (!match) return null;
  const [, rawTraceId, spanId] = match;
  if (ALL_ZEROS.test(rawTraceId) || ALL_ZEROS.test(spanId)) return null;
  const lower = rawTraceId.toLowerCase();
  return lower.padStart(lower.length <= 16 ? 16 : 32, "0");
}

/** Header names are matched whatever their case (HTTP bridges and clients differ); the first valid one wins. */
function headerValues(headers: Record<string, string>, name: string): string[] {
  return Object.entries(headers)
    .filter(([key]) => key.toLowerCase() === name)
    .map(([, value]) => value);
}

/**
 * The trace a message belongs to: `traceparent` first (the standard), then `uber-trace-id`. Give it
 * the headers as the viewer will see them (masked): a masked header is no longer valid trace
 * context, so its trace id is not shown either.
 */
export function traceContextFromHeaders(headers: Record<string, string> | undefined | null): TraceContext | null {
  if (!headers) return null;
  for (const value of headerValues(headers, "traceparent")) {
    const traceId = typeof value === "string" ? parseTraceparent(value) : null;
    if (traceId) return { traceId, from: "traceparent" };
  }
  for (const value of headerValues(headers, "uber-trace-id")) {
    const traceId = typeof value === "string" ? parseUberTraceId(value) : null;
    if (traceId) return { traceId, from: "uber-trace-id" };
  }
  return null;
}
