// Filtering and sorting the topic/stream list in the browser (the API returns it whole).
import type { TopicRow } from "@/lib/contract/topics";
import type { ListSpec } from "./list-state";

export type TopicSortKey = "name" | "partitions" | "messages" | "bytes" | "msgsPerSec" | "bytesPerSec";
export type SortDirection = "asc" | "desc";

export interface TopicSort {
  key: TopicSortKey;
  direction: SortDirection;
}

/** Kafka's own topics (__consumer_offsets, __transaction_state) and any the API marks internal. */
export function isInternalTopic(topic: Pick<TopicRow, "name" | "internal">): boolean {
  return topic.internal === true || topic.name.startsWith("__");
}

export type TopicKindFilter = "" | "dlq" | "regular";

/** Case-insensitive substring match on the name; internal topics only when asked for; DLQs only or none. */
export function filterTopics(topics: readonly TopicRow[], query: string, showInternal: boolean, kind: TopicKindFilter = ""): TopicRow[] {
  const needle = query.trim().toLowerCase();
  return topics.filter(
    (topic) =>
      (showInternal || !isInternalTopic(topic)) &&
      (needle === "" || topic.name.toLowerCase().includes(needle)) &&
      (kind === "" || (kind === "dlq") === topic.dlq),
  );
}

/** The topic list in the URL: ?q=&sort=&dir=&kind=dlq|regular&internal=show&page= */
export const TOPIC_LIST: ListSpec<TopicSortKey> = {
  sorts: ["name", "partitions", "messages", "bytes", "msgsPerSec", "bytesPerSec"],
  defaultSort: "name",
  firstDir: (key) => (key === "name" ? "asc" : "desc"),
  filters: { kind: ["dlq", "regular"], internal: ["show"] },
};

export function countInternalTopics(topics: readonly TopicRow[]): number {
  return topics.reduce((count, topic) => count + (isInternalTopic(topic) ? 1 : 0), 0);
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Sorted copy. Unknown (null) figures always go last, whatever the direction; ties break by name. */
export function sortTopics(topics: readonly TopicRow[], sort: TopicSort): TopicRow[] {
  const factor = sort.direction === "asc" ? 1 : -1;
  return [...topics].sort((a, b) => {
    if (sort.key === "name") return factor * collator.compare(a.name, b.name);
    const left = a[sort.key];
    const right = b[sort.key];
    if (left === null || left === undefined) return right === null || right === undefined ? collator.compare(a.name, b.name) : 1;
    if (right === null || right === undefined) return -1;
    return factor * (left - right) || collator.compare(a.name, b.name);
  });
}

/** Clicking a column header: same column flips direction, a new one starts descending (names ascending). */
export function nextSort(current: TopicSort, key: TopicSortKey): TopicSort {
  if (current.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  return { key, direction: key === "name" ? "asc" : "desc" };
}
