// Shapes of the idempotency API (GET /api/v1/idempotency...), shared by the server and the browser:
// the contract's (lib/contract/idempotency.ts), so the presenters and the pages cannot drift from
// openapi.json. Types only: safe to import from client components.
import type { IdempotencyRecord, RecordPage, StoreSummary, listStores } from "@/lib/contract/idempotency";
import type { ProcessedMark } from "@/lib/contract/common";
import type { ResponseOf } from "@/lib/contract/operation";

export type { IdempotencyRecord, ProcessedMark, RecordPage, StoreSummary };
export type StoresResponse = ResponseOf<typeof listStores>;

export type StoreKind = StoreSummary["kind"];
/** down: cannot connect (the reason is in `error`); misconfigured: connects, but the table/column is wrong. */
export type StoreStatus = StoreSummary["status"];
export type ValueEncoding = IdempotencyRecord["encoding"];

/**
 * How "new records per minute" was worked out:
 * - ttl: records carry a uniform TTL, so a record's age is TTL minus its remaining TTL;
 * - count-delta: records never expire, so the count's growth between two polls is what was added;
 * - net-growth: some expire and some do not: growth of the count, net of expiries (a lower bound);
 * - processed-at: counted from the processed-at column (PostgreSQL).
 */
export type NewPerMinuteMethod = NonNullable<StoreSummary["newPerMinuteMethod"]>;
