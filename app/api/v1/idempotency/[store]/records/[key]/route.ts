import { notFound } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/handler";
import { deleteIdempotencyRecord } from "@/lib/idempotency/delete-record";
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
export const DELETE = apiRoute<{ store: string; key: string }>(
  async (_request, { store, key }, actor) => {
    await deleteIdempotencyRecord(actor, { store, key });
    return new Response(null, { status: 204 });
  },
  { access: "operator" },
);
