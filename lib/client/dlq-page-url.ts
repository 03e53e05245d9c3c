// A DLQ page's order and page size in its URL (?sort=error&dir=desc&limit=20), beside its filters
// (dlq-filters.ts), so a reload or a shared link shows the same page. No sort = DLQ order
// (partition, offset). Pure, unit-tested (tests/unit/ui-dlq-filters.test.ts).
import { DLQ_SORTS, defaultDlqSortDir, type DlqSort, type DlqSortDir } from "@/lib/dlq/dlq-sort";
import { DEFAULT_DLQ_PAGE_SIZE, DLQ_PAGE_SIZES } from "./query-config";

export type { DlqSort, DlqSortDir };

export interface DlqOrder {
  /** null: DLQ order. */
  sort: DlqSort | null;
  dir: DlqSortDir;
}

interface ParamReader {
  get(name: string): string | null;
}

export function dlqOrderFromSearch(params: ParamReader): DlqOrder {
  const text = params.get("sort");
  const sort = (DLQ_SORTS as readonly string[]).includes(text ?? "") ? (text as DlqSort) : null;
  if (!sort) return { sort: null, dir: "asc" };
  const dir = params.get("dir");
  return { sort, dir: dir === "asc" || dir === "desc" ? dir : defaultDlqSortDir(sort) };
}

/** `search` with the order set (defaults left out) and the page cursor dropped: a new order starts at page one. */
export function withDlqOrder(search: string, order: DlqOrder): string {
  const params = new URLSearchParams(search);
  params.delete("sort");
  params.delete("dir");
  params.delete("cursor");
  if (order.sort) {
    params.set("sort", order.sort);
    if (order.dir !== defaultDlqSortDir(order.sort)) params.set("dir", order.dir);
  }
  return params.toString();
}

/** A click on a header: "id" is DLQ order; the sorted column flips; another starts at its own direction. */
export function toggleDlqOrder(order: DlqOrder, column: DlqSort | "id"): DlqOrder {
  if (column === "id") return { sort: null, dir: "asc" };
  if (order.sort === column) return { sort: column, dir: order.dir === "asc" ? "desc" : "asc" };
  return { sort: column, dir: defaultDlqSortDir(column) };
}

export function dlqLimitFromSearch(params: ParamReader): number {
  const limit = Number(params.get("limit"));
  return (DLQ_PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_DLQ_PAGE_SIZE;
}

/** `search` with the page size set (the default left out) and the cursor dropped. */
export function withDlqLimit(search: string, limit: number): string {
  const params = new URLSearchParams(search);
  params.delete("cursor");
  if (limit === DEFAULT_DLQ_PAGE_SIZE) params.delete("limit");
  else params.set("limit", String(limit));
  return params.toString();
}
