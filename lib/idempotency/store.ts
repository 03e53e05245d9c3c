import "server-only";
import type { IdempotencyStoreConfig } from "@/lib/config/schema";
import type { IdempotencyRecord, ProcessedMark, RecordPage, StoreSummary } from "./types";

export type RecordSort = "store" | "newest";

export interface ListRecordsQuery {
  q?: string;
  cursor?: string;
  limit: number;
  /** store: SCAN order (Redis) / key order (PostgreSQL); newest: newest first, where the store can tell. */
  sort?: RecordSort;
}

/**
 * One idempotency store. Reads and deletes throw AppError: "store-unavailable" (503, with the
 * reason) when the store cannot be reached, "store-misconfigured" (503) when its table or column
 * does not exist, "invalid-input" (400) for a bad cursor. summary() never throws: it reports status.
 */
export interface IdempotencyStore {
  readonly id: string;
  readonly config: IdempotencyStoreConfig;
  summary(): Promise<StoreSummary>;
  listRecords(query: ListRecordsQuery): Promise<RecordPage>;
  /** Null when there is no such record (or the key is not one of this store's). */
  getRecord(key: string): Promise<IdempotencyRecord | null>;
  /** False when there was nothing to delete. */
  deleteRecord(key: string): Promise<boolean>;
  /** The key that records an event id (Redis: the pattern with `*` replaced), for display. */
  keyForEventId(id: string): string | null;
  /** One round trip for many ids: the ids that have a record, with what the record says. */
  lookupEventIds(ids: readonly string[]): Promise<Map<string, ProcessedMark>>;
  close(): Promise<void>;
}
