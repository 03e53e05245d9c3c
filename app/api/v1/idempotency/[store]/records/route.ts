import { apiRoute, parseQuery } from "@/lib/api/handler";
import { listRecordsQuery } from "@/lib/contract/idempotency";
import { getStore } from "@/lib/idempotency/registry";
import { presentRecords } from "@/lib/presenters/idempotency.server";

export const dynamic = "force-dynamic";

// The store first: an unknown one is a 404 whatever the query says.
export const GET = apiRoute<{ store: string }>(async (request, { store }, actor) => presentRecords(getStore(store), parseQuery(request, listRecordsQuery), actor));
