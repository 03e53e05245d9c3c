// Display helpers for idempotency stores, records and traces. Pure (no React), unit-tested.
import type { IdempotencyRecord, NewPerMinuteMethod, StoreSummary } from "@/lib/idempotency/types";
import { formatInteger, formatNumber, MISSING } from "./format";

/** Seconds left of a TTL that was `ttlSeconds` when fetched at `fetchedAt` (epoch ms); never below 0. */
export function remainingTtl(ttlSeconds: number, fetchedAt: number, now: number): number {
  return Math.max(0, ttlSeconds - Math.floor(Math.max(0, now - fetchedAt) / 1000));
}

/** 59 -> "59 s", 3599 -> "59 min 59 s", 86400 -> "1 d 0 h"; null -> "no expiry". */
export function formatTtl(seconds: number | null | undefined): string {
  if (seconds === undefined) return MISSING;
  if (seconds === null) return "no expiry";
  if (seconds <= 0) return "expired";
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

/** "1.2M" or "≈ 1.2M" when estimated; the exact figure goes in the tooltip. */
export function formatRecordCount(store: Pick<StoreSummary, "records" | "recordsEstimated">): { text: string; title?: string } {
  if (store.records === null) return { text: MISSING };
  const exact = formatInteger(store.records);
  if (store.recordsEstimated) return { text: `≈ ${formatNumber(store.records)}`, title: `about ${exact} (estimated: the count stopped at its time limit)` };
  return { text: formatNumber(store.records), title: exact };
}

const METHOD_NOTES: Record<NewPerMinuteMethod, string> = {
  ttl: "from remaining TTLs: with a uniform TTL, a record's age is TTL minus what is left",
  "count-delta": "growth of the record count between two polls (records do not expire)",
  "net-growth": "growth of the count between polls, net of expiries (a lower bound: some records expire, some do not)",
  "processed-at": "rows whose processed-at time is within the last minute",
};

/** "12.4/min" with how it was worked out, or "—" with why not yet. */
export function formatNewPerMinute(store: Pick<StoreSummary, "newPerMinute" | "newPerMinuteMethod" | "sampledRecords" | "assumedTtlSeconds">): {
  text: string;
  title: string;
} {
  const method = store.newPerMinuteMethod ? METHOD_NOTES[store.newPerMinuteMethod] : "not known for this store";
  const extras = [
    store.assumedTtlSeconds ? `TTL taken as ${formatInteger(store.assumedTtlSeconds)} s` : undefined,
    store.sampledRecords ? `from a sample of ${formatInteger(store.sampledRecords)} records` : undefined,
  ].filter(Boolean);
  const title = [method, ...extras].join("; ");
  if (store.newPerMinute === null || store.newPerMinute === undefined) {
    return { text: MISSING, title: store.newPerMinuteMethod === "count-delta" || store.newPerMinuteMethod === "net-growth" ? `${title} (needs two polls)` : title };
  }
  return { text: `${formatNumber(store.newPerMinute)}/min`, title };
}

/** "≈ 120" when the figure comes from a sample. */
export function formatExpiringSoon(store: Pick<StoreSummary, "expiringSoon" | "sampledRecords" | "kind">): { text: string; title: string } {
  if (store.kind !== "redis") return { text: MISSING, title: "rows of a table do not expire" };
  if (store.expiringSoon === null || store.expiringSoon === undefined) return { text: MISSING, title: "not known" };
  if (store.sampledRecords) {
    return { text: `≈ ${formatNumber(store.expiringSoon)}`, title: `estimated from the TTLs of ${formatInteger(store.sampledRecords)} sampled records` };
  }
  return { text: formatNumber(store.expiringSoon), title: `${formatInteger(store.expiringSoon)} records expire within 5 minutes` };
}

/** Link to a record of a store (the key may hold ":" "/" "%" and the like). */
export const idempotencyHref = {
  stores: () => "/idempotency",
  store: (store: string) => `/idempotency/${encodeURIComponent(store)}`,
  trace: (id: string) => `/trace?id=${encodeURIComponent(id)}`,
};

/**
 * The record's value for the list's Value column, without what the other columns already show: a
 * JSON object's fields holding the event id (or the whole key), the processed time or the consumer
 * are dropped, so the column shows what is new instead of repeating the row. "" when nothing is left.
 */
export function valueBeyondColumns(record: Pick<IdempotencyRecord, "key" | "value" | "encoding" | "processedAt" | "consumer" | "eventId">): string {
  if (record.value === null) return "";
  if (record.encoding === "base64") return "binary";
  if (record.encoding !== "json") return record.value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.value);
  } catch {
    return record.value;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return JSON.stringify(parsed);
  const shownTime = record.processedAt ? Date.parse(record.processedAt) : NaN;
  const shown = (value: unknown): boolean => {
    if (typeof value !== "string" && typeof value !== "number") return false;
    const text = String(value);
    if (text === "") return false;
    if (text === record.key || text === record.eventId || text === record.consumer) return true;
    // The key usually embeds the event id ("processed:<id>"): a value that is the rest of the key.
    if (typeof value === "string" && text.length >= 6 && record.key.endsWith(text)) return true;
    if (!Number.isNaN(shownTime)) {
      const time = typeof value === "number" ? (value < 1e12 ? value * 1000 : value) : Date.parse(text);
      if (Math.abs(time - shownTime) < 1000) return true;
    }
    return false;
  };
  const rest = Object.fromEntries(Object.entries(parsed).filter(([, value]) => !shown(value)));
  return Object.keys(rest).length === 0 ? "" : JSON.stringify(rest);
}
