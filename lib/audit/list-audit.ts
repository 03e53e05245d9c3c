import "server-only";
import { containsText } from "@/lib/db/contains-text";
import { getDatabaseKind, getDb } from "@/lib/db";
import { auditAfter, auditOrderBy, decodeAuditCursor, encodeAuditCursor, positionOf, type AuditPosition, type AuditQuery } from "./audit-list-query";

// Sorted by time (newest first by default), user or action, keyset pages on (column, at, id): pages
// stay stable while new events arrive (lib/audit/audit-list-query.ts).
export type { AuditQuery } from "./audit-list-query";

/** Rows read per round when SQLite can only narrow a text search down (a q holding `%` or `_`). */
const NARROWED_BATCH = 500;
/** Rounds per request before answering with what was found and a cursor to go on. */
const NARROWED_ROUNDS = 20;

export interface AuditEventView {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  params: unknown;
  result: unknown;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function listAuditEvents(query: AuditQuery): Promise<{ events: AuditEventView[]; next?: string }> {
  const db = await getDb();
  const after = decodeAuditCursor(query.cursor);
  const action = query.action
    ? /[.*]$/.test(query.action)
      ? { startsWith: query.action.replace(/\*$/, "") }
      : query.action
    : undefined;
  const q = query.q?.trim();
  const searches = q ? (["target", "actor"] as const).map((column) => ({ column, ...containsText(q, getDatabaseKind()) })) : [];
  const exact = searches.every((search) => search.exact);
  const base = {
    ...(query.actor ? { actor: query.actor } : {}),
    ...(action ? { action } : {}),
    ...(query.since ? { at: { gte: query.since } } : {}),
    ...(q && searches.every((search) => search.filter) ? { OR: searches.map((search) => ({ [search.column]: search.filter })) } : {}),
  };
  const orderBy = auditOrderBy(query);
  const read = (from: AuditPosition | null, take: number) => db.auditEvent.findMany({ where: { AND: [base, ...(from ? [auditAfter(query, from)] : [])] }, orderBy, take });
  type Row = Awaited<ReturnType<typeof read>>[number];
  let rows: Row[];
  let next: AuditPosition | null = null;
  if (exact) {
    const found = await read(after, query.limit + 1);
    rows = found.slice(0, query.limit);
    if (found.length > query.limit) next = positionOf(query, rows[rows.length - 1]);
  } else {
    // SQLite and a q with LIKE wildcards: read narrowed rows in rounds and keep the exact matches.
    const needle = q!.toLowerCase();
    rows = [];
    let from = after;
    for (let round = 0; round < NARROWED_ROUNDS && rows.length <= query.limit; round++) {
      const batch = await read(from, NARROWED_BATCH);
      for (const row of batch) {
        if (!row.target.toLowerCase().includes(needle) && !row.actor.toLowerCase().includes(needle)) continue;
        if (rows.length === query.limit) {
          next = positionOf(query, rows[rows.length - 1]);
          break;
        }
        rows.push(row);
      }
      if (next || batch.length < NARROWED_BATCH) break;
      from = positionOf(query, batch[batch.length - 1]);
      // Out of rounds: go on from the last row looked at, even with a short page.
      if (round === NARROWED_ROUNDS - 1) next = from;
    }
  }
  return {
    events: rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      target: row.target,
      params: parseJson(row.params),
      result: parseJson(row.result),
    })),
    ...(next ? { next: encodeAuditCursor(next) } : {}),
  };
}
