// What the audit log can be sorted by: shared by the server's query schema (audit-list-query.ts) and
// the page. Kept free of zod so the browser bundle does not carry zod, whose eval probe
// (`Function("")`) the console's Content-Security-Policy reports as a violation.
export const AUDIT_SORTS = ["at", "actor", "action"] as const;
export type AuditSort = (typeof AUDIT_SORTS)[number];
export const MAX_AUDIT_QUERY_CHARS = 200;

/** Time newest first; user and action A to Z. */
export function auditSortFirstDir(sort: AuditSort): "asc" | "desc" {
  return sort === "at" ? "desc" : "asc";
}
