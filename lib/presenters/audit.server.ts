import "server-only";
import { listAuditEvents } from "@/lib/audit/list-audit";
import { hideSearchTexts } from "@/lib/audit/redaction";
import type { Actor } from "@/lib/auth/roles";
import type { ListAuditQuery, listAudit } from "@/lib/contract/access";
import type { ResponseOf } from "@/lib/contract/operation";

/**
 * A page of the audit log. A requeue's or discard's filter search texts are hidden from readers
 * without the clear-values permission, as in job views (hideSearchTexts).
 */
export async function presentAuditEvents(query: ListAuditQuery, actor: Actor): Promise<ResponseOf<typeof listAudit>> {
  const page = await listAuditEvents(query);
  if (actor.canSeeClearValues) return page;
  return { ...page, events: page.events.map((event) => ({ ...event, params: hideSearchTexts(event.params) })) };
}
