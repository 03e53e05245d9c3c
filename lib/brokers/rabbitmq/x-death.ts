// RabbitMQ's dead-letter bookkeeping on a message: the `x-death` header (one entry per queue and
// reason, most recent first, each with a count) and `x-first-death-queue/-reason/-exchange`. Pure and
// defensive: the headers are whatever the message carries (a publisher can forge them), so every
// field is checked and the entry count is bounded.

export type DeathReason = "rejected" | "expired" | "maxlen" | "delivery_limit" | string;

export interface DeathRecord {
  queue: string;
  reason: DeathReason;
  count: number;
  /** Epoch ms of the most recent death for this queue and reason; null when absent or unreadable. */
  timeMs: number | null;
  exchange: string;
  routingKeys: string[];
}

export interface DeathInfo {
  deaths: DeathRecord[];
  /** Where the message died first: what a requeue sends it back to. */
  first: { queue: string; reason: DeathReason; exchange: string; routingKeys: string[] } | null;
  /** The most recent death (x-death[0]). */
  latest: DeathRecord | null;
  /** Deaths counted over all entries. */
  totalCount: number;
}

const MAX_ENTRIES = 100;
const MAX_TEXT = 1_000;

const text = (value: unknown): string | null => {
  if (typeof value === "string") return value.slice(0, MAX_TEXT);
  if (Buffer.isBuffer(value)) return value.toString("utf8").slice(0, MAX_TEXT);
  return null;
};

/** AMQP timestamps arrive as amqplib's {"!": "timestamp", value: seconds}, a Date, or plain seconds. */
export function amqpTimeToMs(value: unknown): number | null {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : null;
  const seconds = typeof value === "number" ? value : typeof value === "object" && value !== null ? (value as { value?: unknown }).value : undefined;
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0 || seconds > 1e11) return null;
  return Math.round(seconds * 1000);
}

function amqpNumber(value: unknown): number | null {
  const raw = typeof value === "object" && value !== null && "value" in value ? (value as { value: unknown }).value : value;
  return typeof raw === "number" && Number.isFinite(raw) && raw >= 0 ? Math.floor(raw) : null;
}

function parseEntry(entry: unknown): DeathRecord | null {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return null;
  const record = entry as Record<string, unknown>;
  const queue = text(record.queue);
  const reason = text(record.reason);
  if (queue === null || reason === null) return null;
  const keys = Array.isArray(record["routing-keys"]) ? record["routing-keys"].slice(0, MAX_ENTRIES).map(text).filter((key): key is string => key !== null) : [];
  return {
    queue,
    reason,
    count: amqpNumber(record.count) ?? 1,
    timeMs: amqpTimeToMs(record.time),
    exchange: text(record.exchange) ?? "",
    routingKeys: keys,
  };
}

/** The x-death value as amqplib decodes it, or as JSON text (a header read back from a RawMessage). */
function entriesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const raw = typeof value === "string" ? value : Buffer.isBuffer(value) ? value.toString("utf8") : null;
  if (raw === null || raw.length > 1_000_000) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

export function parseDeathHeaders(headers: Record<string, unknown> | undefined | null): DeathInfo {
  const deaths = entriesOf(headers?.["x-death"]).slice(0, MAX_ENTRIES).map(parseEntry).filter((entry): entry is DeathRecord => entry !== null);
  const firstQueue = text(headers?.["x-first-death-queue"]);
  const firstReason = text(headers?.["x-first-death-reason"]);
  const firstExchange = text(headers?.["x-first-death-exchange"]);
  let first: DeathInfo["first"] = null;
  if (firstQueue !== null) {
    // The routing keys of the first death are in its x-death entry (same queue and reason).
    const entry = deaths.find((death) => death.queue === firstQueue && (firstReason === null || death.reason === firstReason));
    first = { queue: firstQueue, reason: firstReason ?? entry?.reason ?? "unknown", exchange: firstExchange ?? entry?.exchange ?? "", routingKeys: entry?.routingKeys ?? [] };
  } else if (deaths.length) {
    // Without x-first-death-* (an old broker, or a forged header): the oldest entry is the last one.
    const oldest = deaths[deaths.length - 1];
    first = { queue: oldest.queue, reason: oldest.reason, exchange: oldest.exchange, routingKeys: oldest.routingKeys };
  }
  return { deaths, first, latest: deaths[0] ?? null, totalCount: deaths.reduce((sum, death) => sum + death.count, 0) };
}

/** "rejected in orders (3 times)": the error line a DLQ view groups by. */
export function describeDeath(info: DeathInfo): string | null {
  const death = info.latest ?? (info.first ? { ...info.first, count: 1 } : null);
  if (!death) return null;
  return `${death.reason} in ${death.queue}${death.count > 1 ? ` (${death.count} times)` : ""}`;
}
