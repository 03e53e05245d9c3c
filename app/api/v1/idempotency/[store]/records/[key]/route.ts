import { apiRoute } from "@/lib/api/handler";
import { noContent, verbRoute } from "@/lib/api/verb-route";
import { deleteRecord } from "@/lib/idempotency/verbs/delete-record";
import { presentRecord } from "@/lib/presenters/idempotency.server";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ store: string; key: string }>(async (_request, { store, key }, actor) => presentRecord(store, key, actor));

/** Deletes the record so the event can be processed again (operator, audited). */
export const DELETE = verbRoute(deleteRecord, noContent);
