import { apiRoute, parseQuery } from "@/lib/api/handler";
import { listAuditQuery } from "@/lib/contract/access";
import { presentAuditEvents } from "@/lib/presenters/audit.server";

export const dynamic = "force-dynamic";

// Operators and admins: the trail names who requeued, replayed or deleted what, which operators
// need; viewers do not, and failed sign-ins record the username typed (sometimes a password typed
// into the wrong field) and the caller's address.
export const GET = apiRoute(async (request, _params, actor) => presentAuditEvents(parseQuery(request, listAuditQuery), actor), { access: "operator" });
