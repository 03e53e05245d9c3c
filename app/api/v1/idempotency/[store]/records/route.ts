import { apiRoute, parseQuery } from "@/lib/api/handler";
import { listRecordsQuery } from "@/lib/contract/idempotency";
import { getStore } from "@/lib/idempotency/registry";
import { recordMasker } from "@/lib/masking/mask-records";
import type { RecordPage } from "@/lib/idempotency/types";

export const dynamic = "force-dynamic";

/** A page of records: Redis in SCAN order (never KEYS), PostgreSQL in key order; `q` searches keys. */
export const GET = apiRoute<{ store: string }>(async (request, { store }, actor): Promise<RecordPage> => {
  const target = getStore(store);
  const query = parseQuery(request, listRecordsQuery);
  const page = await target.listRecords(query);
  // Values are often the event itself: the masking rules apply to them as to messages.
  const mask = await recordMasker(actor);
  return { ...page, records: page.records.map((record) => mask.record(record)) };
});
