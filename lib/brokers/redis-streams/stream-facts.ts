// Parsing of the replies one sampling cycle reads (RESP2 arrays as ioredis returns them). Pure.
// XINFO STREAM <key> FULL COUNT 1 answers, in one command, what XINFO STREAM + XINFO GROUPS + XINFO
// CONSUMERS would in 1 + 1 + groups commands, plus the oldest pending entry of each group (a PEL is
// kept in id order, so COUNT 1 returns its oldest entry).

export interface PendingHead {
  id: string;
  consumer: string;
  /** When the entry was last delivered, epoch ms. */
  deliveredAtMs: number;
  deliveries: number;
}

export interface ConsumerFacts {
  name: string;
  /** Last time the consumer read, claimed or acked (Redis 7.0 "seen-time"), epoch ms. */
  seenTimeMs: number | null;
  pending: number;
}

export interface GroupFacts {
  name: string;
  lastDeliveredId: string;
  /** Redis 7: entries the group has read; null when Redis cannot say (after XDEL, XTRIM or XGROUP SETID). */
  entriesRead: number | null;
  /** Redis 7: entries not delivered yet; null when Redis cannot say. */
  lag: number | null;
  pending: number;
  oldestPending: PendingHead | null;
  consumers: ConsumerFacts[];
}

export interface StreamFacts {
  key: string;
  length: number;
  lastGeneratedId: string;
  maxDeletedId: string;
  entriesAdded: number | null;
  /** First entry id; null for an empty stream. */
  firstId: string | null;
  /** Last entry id; null for an empty stream or when the newest entry was deleted (ask XREVRANGE). */
  lastId: string | null;
  memoryBytes: number | null;
  groups: GroupFacts[];
}

/** A flat [field, value, field, value, ...] reply as a map (unknown fields kept, for newer servers). */
export function pairs(reply: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (!Array.isArray(reply)) return map;
  for (let i = 0; i + 1 < reply.length; i += 2) map.set(String(reply[i]), reply[i + 1]);
  return map;
}

function num(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === "number" ? value : Number(String(value));
  return Number.isFinite(n) ? n : null;
}

function str(value: unknown, fallback = ""): string {
  if (value === null || value === undefined) return fallback;
  return Buffer.isBuffer(value) ? value.toString("utf8") : String(value);
}

/** Reads XINFO STREAM <key> FULL COUNT 1 (Redis 7.0 field names; older servers leave the 7.0 ones null). */
export function parseStreamFull(key: string, reply: unknown, memoryBytes: number | null): StreamFacts {
  const info = pairs(reply);
  const length = num(info.get("length")) ?? 0;
  const lastGeneratedId = str(info.get("last-generated-id"), "0-0");
  const maxDeletedId = str(info.get("max-deleted-entry-id"), "0-0");
  const entries = Array.isArray(info.get("entries")) ? (info.get("entries") as unknown[]) : [];
  const firstEntry = Array.isArray(entries[0]) ? (entries[0] as unknown[]) : null;
  const recordedFirst = info.get("recorded-first-entry-id");
  const firstId = length === 0 ? null : firstEntry ? str(firstEntry[0]) : recordedFirst ? str(recordedFirst) : null;
  // The newest entry is the last id Redis generated unless that very entry was deleted since.
  const lastId = length === 0 ? null : maxDeletedId === lastGeneratedId ? null : lastGeneratedId;
  const groupsReply = info.get("groups");
  const groups = Array.isArray(groupsReply) ? groupsReply.map(parseGroupFull) : [];
  return {
    key,
    length,
    lastGeneratedId,
    maxDeletedId,
    entriesAdded: num(info.get("entries-added")),
    firstId,
    lastId,
    memoryBytes,
    groups,
  };
}

function parseGroupFull(reply: unknown): GroupFacts {
  const group = pairs(reply);
  const pel = Array.isArray(group.get("pending")) ? (group.get("pending") as unknown[]) : [];
  const head = Array.isArray(pel[0]) ? (pel[0] as unknown[]) : null;
  const consumersReply = group.get("consumers");
  return {
    name: str(group.get("name")),
    lastDeliveredId: str(group.get("last-delivered-id"), "0-0"),
    entriesRead: num(group.get("entries-read")),
    lag: num(group.get("lag")),
    pending: num(group.get("pel-count")) ?? 0,
    oldestPending: head
      ? { id: str(head[0]), consumer: str(head[1]), deliveredAtMs: num(head[2]) ?? 0, deliveries: num(head[3]) ?? 0 }
      : null,
    consumers: Array.isArray(consumersReply)
      ? consumersReply.map((c) => {
          const consumer = pairs(c);
          return { name: str(consumer.get("name")), seenTimeMs: num(consumer.get("seen-time")), pending: num(consumer.get("pel-count")) ?? 0 };
        })
      : [],
  };
}

/** An XRANGE / XREVRANGE reply: [[id, [field, value, ...]], ...]. */
export interface StreamEntry {
  id: string;
  fields: [string, Buffer | string][];
}

export function parseEntries(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  const out: StreamEntry[] = [];
  for (const item of reply) {
    if (!Array.isArray(item)) continue;
    const flat = Array.isArray(item[1]) ? (item[1] as unknown[]) : [];
    const fields: [string, Buffer | string][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) fields.push([str(flat[i]), Buffer.isBuffer(flat[i + 1]) ? (flat[i + 1] as Buffer) : str(flat[i + 1])]);
    out.push({ id: str(item[0]), fields });
  }
  return out;
}

/** An extended XPENDING reply: [[id, consumer, idle ms, deliveries], ...], oldest id first. */
export interface PendingEntry {
  id: string;
  consumer: string;
  idleMs: number;
  deliveries: number;
}

export function parsePendingEntries(reply: unknown): PendingEntry[] {
  if (!Array.isArray(reply)) return [];
  return reply
    .filter((row): row is unknown[] => Array.isArray(row) && row.length >= 4)
    .map((row) => ({ id: str(row[0]), consumer: str(row[1]), idleMs: num(row[2]) ?? 0, deliveries: num(row[3]) ?? 0 }));
}
