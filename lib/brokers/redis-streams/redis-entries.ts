// A stream entry as the console's messages, and back. Pure.
// An entry is a list of field/value pairs. Fields whose names start with "x-" are the entry's
// headers (the dead-letter fields, x-eventscope-requeue-id, trace ids); the other fields are its
// value, as a JSON object of strings ({"order":"{...}"}); a requeue or replay writes them back as they
// were. A value that is not such an object (a replay from Kafka) is written as one field, "value".
import type { PublishRequest, RawMessage } from "../types";
import type { StreamEntry } from "./stream-facts";
import { streamIdTimeMs } from "./stream-ids";

export const HEADER_PREFIX = "x-";
/** The one field a value that is not a JSON object of strings is written to. */
export const VALUE_FIELD = "value";

export function isHeaderField(name: string): boolean {
  return name.toLowerCase().startsWith(HEADER_PREFIX);
}

/**
 * The entry as a message: partition 0, its id, time from the id, and `offset` the positional number
 * the read gave it (redis-messages.ts: ids do not fit in a number, so the id is what addresses it).
 */
export function entryToMessage(entry: StreamEntry, nowMs: number, offset: number): RawMessage & { id: string } {
  const headers: Record<string, Buffer> = {};
  const body: Record<string, string> = {};
  for (const [name, value] of entry.fields) {
    const buffer = Buffer.isBuffer(value) ? value : Buffer.from(value);
    if (isHeaderField(name)) headers[name] = buffer;
    else body[name] = buffer.toString("utf8");
  }
  const ms = streamIdTimeMs(entry.id, nowMs) ?? Number(entry.id.split("-")[0]);
  return {
    partition: 0,
    offset,
    id: entry.id,
    timestamp: new Date(Number.isFinite(ms) && ms <= 8.64e15 ? ms : 0).toISOString(),
    key: null,
    headers,
    value: Object.keys(body).length > 0 ? Buffer.from(JSON.stringify(body)) : null,
  };
}

/** XADD arguments (field, value, ...) for a message: its value's fields, then its headers. */
export function messageToFields(request: Pick<PublishRequest, "value" | "headers">): (string | Buffer)[] {
  const fields: (string | Buffer)[] = [];
  const value = request.value;
  if (value !== null && value !== undefined) {
    const text = typeof value === "string" ? value : value.toString("utf8");
    const object = parseStringObject(text);
    if (object) for (const [name, field] of Object.entries(object)) fields.push(name, field);
    else fields.push(VALUE_FIELD, typeof value === "string" ? value : value);
  }
  for (const [name, header] of Object.entries(request.headers ?? {})) fields.push(name, header);
  // XADD needs at least one field.
  if (fields.length === 0) fields.push(VALUE_FIELD, "");
  return fields;
}

/** A JSON object whose values are all strings (what entryToMessage writes), else null. */
function parseStringObject(text: string): Record<string, string> | null {
  if (!text.startsWith("{")) return null;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
    const entries = Object.entries(parsed as Record<string, unknown>);
    if (entries.length === 0 || !entries.every(([, v]) => typeof v === "string")) return null;
    return Object.fromEntries(entries) as Record<string, string>;
  } catch {
    return null;
  }
}
