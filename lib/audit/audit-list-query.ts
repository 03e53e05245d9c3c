// The audit log as an operator reads it: by time either way, or grouped by user or action, and
// filtered by user, action, time and a text in the target or user, by the database across every
// event. Keyset pages on (sort column, at, id) stay stable while new events arrive. Pure.
import type { ListAuditQuery } from "@/lib/contract/access";

import { auditSortFirstDir } from "./audit-list-options";

export { AUDIT_SORTS, MAX_AUDIT_QUERY_CHARS, auditSortFirstDir, type AuditSort } from "./audit-list-options";

/** The parsed query (its schema is the contract's listAuditQuery). */
export type AuditQuery = ListAuditQuery;

/** Where the previous page stopped: the sort column's value there, its time and id. */
export interface AuditPosition {
  value: string;
  at: Date;
  id: string;
}

export function encodeAuditCursor(position: AuditPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.at.toISOString(), position.id]), "utf8").toString("base64url");
}

/** null for anything that is not a cursor of this list (the list starts again). */
export function decodeAuditCursor(cursor: string | undefined): AuditPosition | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === "string")) return null;
    const at = new Date(parsed[1]);
    return Number.isNaN(at.getTime()) || !parsed[2] ? null : { value: parsed[0], at, id: parsed[2] };
  } catch {
    return null;
  }
}

export function auditOrderBy(query: Pick<AuditQuery, "sort" | "dir">) {
  const dir = query.dir ?? auditSortFirstDir(query.sort);
  return query.sort === "at" ? [{ at: dir }, { id: dir }] : [{ [query.sort]: dir }, { at: dir }, { id: dir }];
}

/** The rows after `position` in the order of auditOrderBy (all three keys in one direction). */
export function auditAfter(query: Pick<AuditQuery, "sort" | "dir">, position: AuditPosition) {
  const op = (query.dir ?? auditSortFirstDir(query.sort)) === "asc" ? "gt" : "lt";
  const afterTime = [{ at: { [op]: position.at } }, { at: position.at, id: { [op]: position.id } }];
  if (query.sort === "at") return { OR: afterTime };
  const column = query.sort;
  return { OR: [{ [column]: { [op]: position.value } }, ...afterTime.map((condition) => ({ [column]: position.value, ...condition }))] };
}

export function positionOf(query: Pick<AuditQuery, "sort">, row: { at: Date; id: string; actor: string; action: string }): AuditPosition {
  return { value: query.sort === "at" ? "" : row[query.sort], at: row.at, id: row.id };
}
