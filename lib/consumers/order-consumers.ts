// Sorting and filtering the consumer group list by what an operator triages on (lag, lag time,
// status), across every group, not only the page on screen. Pure: the route hands it the groups'
// views (from the sampler's snapshot, or described) and pages the result by position.

export const CONSUMER_SORTS = ["name", "lag", "lagSeconds", "status"] as const;
export type ConsumerSort = (typeof CONSUMER_SORTS)[number];
export const CONSUMER_STATUSES = ["OK", "WARN", "ERR", "UNKNOWN"] as const;
export type ConsumerStatusFilter = (typeof CONSUMER_STATUSES)[number];

export interface OrderableConsumer {
  group: string;
  lag: number;
  lagSeconds: number | null;
  status: string;
  topics?: string[];
}

/** Worst first when sorted descending: ERR, WARN, UNKNOWN (not judged yet), OK. */
const STATUS_RANK: Record<string, number> = { OK: 0, UNKNOWN: 1, WARN: 2, ERR: 3 };

export interface ConsumerOrder {
  sort: ConsumerSort;
  dir: "asc" | "desc";
  q?: string;
  status?: ConsumerStatusFilter[];
  /** Only groups that read this topic (the topic page's "read by"). */
  topic?: string;
}

/**
 * The groups matching `q` (name contains, case-insensitive) and `status`, sorted by `sort`. Unknown
 * figures (null lag time) sort last whichever the direction; ties are broken by name so a page
 * boundary is stable between two polls with the same figures.
 */
export function orderConsumers<T extends OrderableConsumer>(consumers: readonly T[], order: ConsumerOrder): T[] {
  const needle = order.q?.trim().toLowerCase();
  const statuses = order.status && order.status.length > 0 ? new Set<string>(order.status) : null;
  const kept = consumers.filter(
    (consumer) =>
      (!needle || consumer.group.toLowerCase().includes(needle)) &&
      (!statuses || statuses.has(consumer.status)) &&
      (order.topic === undefined || (consumer.topics ?? []).includes(order.topic)),
  );
  const sign = order.dir === "desc" ? -1 : 1;
  const byName = (a: T, b: T) => a.group.localeCompare(b.group);
  const value = (consumer: T): number | null => {
    if (order.sort === "lag") return consumer.lag;
    if (order.sort === "lagSeconds") return consumer.lagSeconds;
    if (order.sort === "status") return STATUS_RANK[consumer.status] ?? 1;
    return null;
  };
  return [...kept].sort((a, b) => {
    if (order.sort === "name") return sign * byName(a, b);
    const va = value(a);
    const vb = value(b);
    if (va === null && vb === null) return byName(a, b);
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * (va - vb) || byName(a, b);
  });
}

/** A page by position, for orders other than by name (the name cursor needs name order). */
export function pageByPosition<T>(items: readonly T[], options: { limit: number; cursor?: string }): { items: T[]; total: number; next?: string } {
  const start = decodePositionCursor(options.cursor);
  const page = items.slice(start, start + options.limit);
  const end = start + page.length;
  return { items: page, total: items.length, ...(end < items.length ? { next: encodePositionCursor(end) } : {}) };
}

export function encodePositionCursor(position: number): string {
  return Buffer.from(`@${position}`, "utf8").toString("base64url");
}

/** 0 for a missing or foreign cursor (a name cursor from a name-ordered page): start over. */
export function decodePositionCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^@(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match ? Number(match[1]) : 0;
}
