// The DLQ list (the API returns every DLQ of a cluster at once): filter and order in the browser,
// over the whole list. Pure, unit-tested.
import type { DlqRow } from "@/lib/contract/dlq";
import { compareBy, matchesText, type ListSpec, type ListState } from "./list-state";

export type DlqSort = "topic" | "messages" | "pending";

/** ?q=&sort=&dir=&pending=some|none; by default the DLQs with the most pending messages first. */
export const DLQ_LIST: ListSpec<DlqSort> = {
  sorts: ["topic", "messages", "pending"],
  defaultSort: "pending",
  firstDir: (sort) => (sort === "topic" ? "asc" : "desc"),
  filters: { pending: ["some", "none"] },
};

/** `q` matches the DLQ's name or one of its original topics (case-insensitive, plain text). */
export function orderDlqs(rows: readonly DlqRow[], state: Pick<ListState<DlqSort>, "q" | "sort" | "dir" | "filters">): DlqRow[] {
  const pending = state.filters.pending;
  const kept = rows.filter(
    (row) =>
      matchesText(state.q, row.topic, ...row.originalTopics) &&
      (pending !== "some" || row.pending > 0) &&
      (pending !== "none" || row.pending === 0),
  );
  const value = (row: DlqRow) => (state.sort === "topic" ? row.topic : row[state.sort]);
  return kept.sort(compareBy(value, state.dir, (row) => row.topic));
}
