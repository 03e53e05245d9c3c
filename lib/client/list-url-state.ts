// List views keep what the operator chose (search text, sort, status filter) in the URL, so a
// reload, the back button or a shared link shows the same list. Pure, unit-tested.
import { listFromSearch, listToSearch, withSort, type ListSpec, type ListState } from "./list-state";

export interface ConsumerListState {
  q: string;
  sort: "name" | "lag" | "lagSeconds" | "status";
  dir: "asc" | "desc";
  /** "" for every status. */
  status: "" | "OK" | "WARN" | "ERR" | "UNKNOWN";
}

/** Name sorts A to Z; figures sort biggest or worst first. */
export function defaultDirFor(sort: ConsumerListState["sort"]): "asc" | "desc" {
  return sort === "name" ? "asc" : "desc";
}

export const CONSUMER_LIST: ListSpec<ConsumerListState["sort"]> = {
  sorts: ["name", "lag", "lagSeconds", "status"],
  defaultSort: "name",
  firstDir: defaultDirFor,
  filters: { status: ["OK", "WARN", "ERR", "UNKNOWN"] },
};

function toListState(state: ConsumerListState): ListState<ConsumerListState["sort"]> {
  return { q: state.q, sort: state.sort, dir: state.dir, filters: { status: state.status }, page: 1, cursor: "" };
}

export function consumerListFromSearch(params: { get(name: string): string | null }): ConsumerListState {
  const state = listFromSearch(CONSUMER_LIST, params);
  return { q: state.q, sort: state.sort, dir: state.dir, status: state.filters.status as ConsumerListState["status"] };
}

/** The query string (no "?"), defaults left out; parameters other than these are kept. */
export function consumerListToSearch(state: ConsumerListState, current = ""): string {
  return listToSearch(CONSUMER_LIST, toListState(state), current);
}

/** A click on a column header: the same column flips direction, another starts at its default. */
export function toggleSort(state: ConsumerListState, column: ConsumerListState["sort"]): ConsumerListState {
  const next = withSort(CONSUMER_LIST, toListState(state), column);
  return { ...state, sort: next.sort, dir: next.dir };
}

/** Message browser order: newest first (the default) or oldest first, as ?order=oldest. */
export type MessageOrder = "newest" | "oldest";

export function messageOrderFromSearch(params: { get(name: string): string | null }): MessageOrder {
  return params.get("order") === "oldest" ? "oldest" : "newest";
}

/** The rows in the chosen order: newest first is by time, then offset, both descending. */
export function orderMessages<T extends { timestamp: string; offset: number; partition: number }>(messages: readonly T[], order: MessageOrder): T[] {
  const sign = order === "newest" ? -1 : 1;
  return [...messages].sort((a, b) => sign * (a.timestamp.localeCompare(b.timestamp) || a.offset - b.offset || a.partition - b.partition));
}
