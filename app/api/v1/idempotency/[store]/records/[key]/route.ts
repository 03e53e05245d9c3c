import { notFound } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { noContent, verbRoute } from "@/lib/api/verb-route";
import { deleteRecord } from "@/lib/idempotency/verbs/delete-record";
import { recordKeySchema } from "@/lib/idempotency/query-schemas";
import { getStore } from "@/lib/idempotency/registry";
import { recordMasker } from "@/lib/masking/mask-records";
import type { IdempotencyRecord } from "@/lib/idempotency/types";

export const dynamic = "force-dynamic";

/** One record: TTL, and the value pretty-printed when JSON (cut at 64 KiB, with the full size). */
export const GET = apiRoute<{ store: string; key: string }>(async (_request, { store, key }, actor): Promise<IdempotencyRecord> => {
  const target = getStore(store);
  const record = await target.getRecord(recordKeySchema.parse(key));
  if (!record) throw notFound(`record "${key}" in idempotency store "${store}"`);
  return (await recordMasker(actor)).record(record);
});

/** Deletes the record so the event can be processed again (operator, audited). */
export const DELETE = verbRoute(deleteRecord, noContent);
