import { apiRoute, parseQuery } from "@/lib/api/handler";
import { recordsQuerySchema } from "@/lib/idempotency/query-schemas";
import { getStore } from "@/lib/idempotency/registry";
import type { RecordPage } from "@/lib/idempotency/types";

export const dynamic = "force-dynamic";

/** A page of records: Redis in SCAN order (never KEYS), PostgreSQL in key order; `q` searches keys. */
export const GET = apiRoute<{ store: string }>(async (request, { store }): Promise<RecordPage> => {
  const target = getStore(store);
  const query = parseQuery(request, recordsQuerySchema);
  return target.listRecords(query);
});
