import type { MessageProperties } from "amqplib";

// AMQP header and property values as amqplib decodes them -> bytes and text the console can show and
// search. Pure. Tables and arrays (x-death) become JSON; AMQP timestamps stay {"!":"timestamp","value":s}
// inside JSON, which lib/brokers/rabbitmq/x-death.ts reads back.

export function headerValueToBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === "string") return Buffer.from(value, "utf8");
  if (value === null || value === undefined) return Buffer.alloc(0);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return Buffer.from(String(value), "utf8");
  if (value instanceof Date) return Buffer.from(value.toISOString(), "utf8");
  try {
    return Buffer.from(JSON.stringify(value, (_key, inner) => (typeof inner === "bigint" ? String(inner) : inner)) ?? "", "utf8");
  } catch {
    return Buffer.from(String(value), "utf8");
  }
}

export function headersToBuffers(headers: Record<string, unknown> | undefined): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name] = headerValueToBuffer(value);
  return out;
}

/** The message properties an operator reads (never the headers table, shown on its own), as text. */
export function describeProperties(properties: Partial<MessageProperties> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!properties) return out;
  const names = ["contentType", "contentEncoding", "deliveryMode", "priority", "correlationId", "replyTo", "expiration", "messageId", "timestamp", "type", "userId", "appId", "clusterId"] as const;
  for (const name of names) {
    const value = (properties as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    out[name] = name === "timestamp" && typeof value === "number" ? timestampText(value) : String(value).slice(0, 1_000);
  }
  return out;
}

/**
 * AMQP's timestamp property is seconds, but many publishers put milliseconds in it: a value past
 * year 5138 in seconds (1e11) is taken as milliseconds.
 */
export function amqpTimestampToMs(value: number): number {
  return value > 1e11 ? value : value * 1000;
}

function timestampText(value: number): string {
  const date = new Date(amqpTimestampToMs(value));
  return Number.isFinite(date.getTime()) ? date.toISOString() : String(value);
}
