import { apiRoute, parseQuery } from "@/lib/api/handler";
import { traceQuery } from "@/lib/contract/idempotency";
import { presentTrace } from "@/lib/presenters/trace.server";

export const dynamic = "force-dynamic";

/** Where an event id is found and its story (lib/presenters/trace.server.ts); `stream=1` for NDJSON progress. */
export const GET = apiRoute(async (request, _params, actor) => presentTrace(parseQuery(request, traceQuery), actor, request.signal));
