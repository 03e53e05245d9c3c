// The audit log as an operator reads it: by time either way, or grouped by user or action, and
// filtered by user, action, time and a text in the target or user, by the database across every
// event. Keyset pages on (sort column, at, id) stay stable while new events arrive. Pure.
import { z } from "zod";

import { AUDIT_SORTS, MAX_AUDIT_QUERY_CHARS, auditSortFirstDir } from "./audit-list-options";

export { AUDIT_SORTS, MAX_AUDIT_QUERY_CHARS, auditSortFirstDir, type AuditSort } from "./audit-list-options";

export const auditQuerySchema = z.object({
  actor: z.string().max(200, "actor must be at most 200 characters").optional(),
  /** Exact action, or a prefix ending in "." or "*" ("auth." or "auth.*"). */
  action: z.string().max(100, "action must be at most 100 characters").optional(),
  since: z
    .string()
    .refine((text) => !Number.isNaN(Date.parse(text)), "since must be an ISO time such as 2026-01-31T12:00:00Z")
    .transform((text) => new Date(text))
    .optional(),
  cursor: z.string().max(600, "cursor must be at most 600 characters").optional(),
  limit: z
    .string()
    .regex(/^\d+$/, "limit must be a whole number")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 200, "limit must be between 1 and 200")
    .default(50),
  sort: z.enum(AUDIT_SORTS, { message: `sort must be one of ${AUDIT_SORTS.join(", ")}` }).default("at"),
  dir: z.enum(["asc", "desc"], { message: "dir must be asc or desc" }).optional(),
  /** Plain text (never a pattern) in the event's target or user. */
  q: z.string().max(MAX_AUDIT_QUERY_CHARS, `q must be at most ${MAX_AUDIT_QUERY_CHARS} characters`).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

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
