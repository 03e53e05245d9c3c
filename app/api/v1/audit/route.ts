import { apiRoute, parseQuery } from "@/lib/api/handler";
import { listAuditEvents } from "@/lib/audit/list-audit";
import { listAuditQuery } from "@/lib/contract/access";
import { hideSearchTexts } from "@/lib/audit/redaction";

export const dynamic = "force-dynamic";

// Operators and admins: the trail names who requeued, replayed or deleted what, which operators
// need; viewers do not, and failed sign-ins record the username typed (sometimes a password typed
// into the wrong field) and the caller's address.
// A requeue's or discard's filter search texts are hidden from operators without the clear-values
// permission, as in job views (hideSearchTexts).
export const GET = apiRoute(async (request, _params, actor) => {
  const page = await listAuditEvents(parseQuery(request, listAuditQuery));
  if (actor.canSeeClearValues) return page;
  return { ...page, events: page.events.map((event) => ({ ...event, params: hideSearchTexts(event.params) })) };
}, { access: "operator" });
