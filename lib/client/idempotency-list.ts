// An idempotency store's record list in the URL: ?q=&sort=key&cursor=. The store decides what
// order it can give (lib/idempotency): newest first where it can tell (Redis with uniform TTLs,
// PostgreSQL with a processed-at column), else store order (SCAN on Redis, by key on PostgreSQL).
// Redis cannot order a search either: a newest-first search there ranks what the search found, on
// one page, and says how many (RecordPage.searched).
// Neither flips direction: a header click chooses the order, it does not reverse it. Pure.
import type { StoreKind } from "@/lib/idempotency/types";
import type { ListSpec, ListState } from "./list-state";

export type RecordSort = "processedAt" | "key";

export const RECORD_LIST: ListSpec<RecordSort> = {
  sorts: ["processedAt", "key"],
  defaultSort: "processedAt",
  firstDir: (sort) => (sort === "key" ? "asc" : "desc"),
};

/** The order the store will actually give, and why not the one asked for. */
export function effectiveRecordSort(
  state: Pick<ListState<RecordSort>, "q" | "sort">,
  store: { kind: StoreKind; canNewest: boolean },
): { api: "newest" | "store"; column: RecordSort | null; note: string | null } {
  const storeOrder = { api: "store" as const, column: store.kind === "postgres" ? ("key" as const) : null };
  if (state.sort === "key") return { ...storeOrder, note: null };
  if (!store.canNewest) {
    return {
      ...storeOrder,
      note:
        store.kind === "redis"
          ? "Store order (SCAN): Redis keeps keys unordered, and these records carry no uniform TTL to tell the newest."
          : "This store cannot tell which records are newest: by key.",
    };
  }
  return { api: "newest", column: "processedAt", note: null };
}

/** What a newest-first Redis search ranked: every match, or those found before it stopped. */
export function searchedNote(searched: { matched: number; complete: boolean } | undefined, q: string): string | null {
  if (!searched) return null;
  const count = searched.matched.toLocaleString("en-US");
  const records = searched.matched === 1 ? "record" : "records";
  return searched.complete
    ? `Newest first among all ${count} ${records} matching “${q}”.`
    : `Newest first among the first ${count} ${records} found matching “${q}”: the search stopped before the end of the store, so a newer match may be missing; narrow the search.`;
}
