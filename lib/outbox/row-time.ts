// Pure and zod-free: used by the server (the event trace) and the browser (the rows table).
/**
 * A row's time as the driver gave it, readable by Date: PostgreSQL gives a zone; a MySQL DATETIME
 * ("2026-12-07 06:00:00", no zone) is read as UTC, never in the browser's zone. Undefined when unreadable.
 */
export function outboxRowTime(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const normalized = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text) ? `${text.replace(" ", "T")}Z` : text;
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
