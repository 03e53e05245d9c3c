import "server-only";
import { notFound } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/roles";
import type { ListRecordsQuery, getRecord, listRecords } from "@/lib/contract/idempotency";
import type { ResponseOf } from "@/lib/contract/operation";
import { recordKeySchema } from "@/lib/idempotency/query-schemas";
import { getStore } from "@/lib/idempotency/registry";
import type { IdempotencyStore } from "@/lib/idempotency/store";
import { recordMasker } from "@/lib/masking/mask-records";

// Idempotency records as a reader sees them: values are often the event itself, so the masking rules
// apply to them as to messages.

/** A page of records: Redis in SCAN order (never KEYS), PostgreSQL in key order; `q` searches keys. */
export async function presentRecords(store: IdempotencyStore, query: ListRecordsQuery, actor: Actor): Promise<ResponseOf<typeof listRecords>> {
  const page = await store.listRecords(query);
  const mask = await recordMasker(actor);
  return { ...page, records: page.records.map((record) => mask.record(record)) };
}

/** One record: TTL, and the value pretty-printed when JSON (cut at 64 KiB, with the full size). */
export async function presentRecord(store: string, key: string, actor: Actor): Promise<ResponseOf<typeof getRecord>> {
  const target = getStore(store);
  const record = await target.getRecord(recordKeySchema.parse(key));
  if (!record) throw notFound(`record "${key}" in idempotency store "${store}"`);
  return (await recordMasker(actor)).record(record);
}
