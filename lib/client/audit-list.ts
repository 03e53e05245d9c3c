// The audit log in the URL: ?q=&sort=&dir=&actor=&action=&since=&cursor=. The server sorts and
// filters every event (lib/audit/audit-list-query.ts); this reads and writes the choice. Pure.
import { AUDIT_SORTS, auditSortFirstDir, MAX_AUDIT_QUERY_CHARS, type AuditSort } from "@/lib/audit/audit-list-options";
import type { AuditFilters } from "./access-types";
import type { ListSpec, ListState } from "./list-state";

export const AUDIT_LIST: ListSpec<AuditSort> = {
  sorts: AUDIT_SORTS,
  defaultSort: "at",
  firstDir: auditSortFirstDir,
  texts: ["actor", "action", "since"],
};

/** The API's filters; `sinceIso` is the typed time read in the zone the tables show ("" if none or unreadable). */
export function auditFiltersOf(state: ListState<AuditSort>, sinceIso: string): AuditFilters {
  const ordered = state.sort !== AUDIT_LIST.defaultSort || state.dir !== auditSortFirstDir(state.sort);
  return {
    // Cut to what the API accepts (a longer text from the URL would fail the page with a 400).
    actor: (state.filters.actor ?? "").slice(0, 200),
    action: (state.filters.action ?? "").slice(0, 100),
    since: sinceIso,
    ...(state.q.trim() ? { q: state.q.trim().slice(0, MAX_AUDIT_QUERY_CHARS) } : {}),
    ...(ordered ? { sort: state.sort, dir: state.dir } : {}),
  };
}
