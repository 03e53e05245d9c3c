import { describe, expect, it } from "vitest";
import type { TopicRow } from "@/lib/contract/topics";
import { paginate } from "@/lib/client/paginate";
import { countInternalTopics, filterTopics, isInternalTopic, nextSort, sortTopics } from "@/lib/client/topic-list";

const topic = (name: string, extra: Partial<TopicRow> = {}): TopicRow => ({
  name,
  partitions: 1,
  messages: 0,
  bytes: null,
  msgsPerSec: null,
  bytesPerSec: null,
  dlq: false,
  ...extra,
});

describe("paginate", () => {
  const items = Array.from({ length: 120 }, (_, i) => i);
  it("slices 1-based pages", () => {
    const page = paginate(items, 2, 50);
    expect(page.items[0]).toBe(50);
    expect(page.items).toHaveLength(50);
    expect(page).toMatchObject({ page: 2, pageCount: 3, total: 120, first: 51, last: 100 });
  });
  it("clamps the page into range", () => {
    expect(paginate(items, 99, 50)).toMatchObject({ page: 3, first: 101, last: 120 });
    expect(paginate(items, 0, 50)).toMatchObject({ page: 1, first: 1, last: 50 });
  });
  it("handles an empty list", () => {
    expect(paginate([], 1, 50)).toMatchObject({ items: [], page: 1, pageCount: 1, total: 0, first: 0, last: 0 });
  });
});

describe("topic filtering", () => {
  const topics = [topic("orders.created"), topic("__consumer_offsets"), topic("payments", { internal: true }), topic("ORDERS.dlq", { dlq: true })];
  it("recognises internal topics", () => {
    expect(isInternalTopic(topic("__transaction_state"))).toBe(true);
    expect(isInternalTopic(topic("_schemas"))).toBe(false);
    expect(countInternalTopics(topics)).toBe(2);
  });
  it("hides internal topics unless asked", () => {
    expect(filterTopics(topics, "", false).map((t) => t.name)).toEqual(["orders.created", "ORDERS.dlq"]);
    expect(filterTopics(topics, "", true)).toHaveLength(4);
  });
  it("matches names case-insensitively", () => {
    expect(filterTopics(topics, " orders ", false).map((t) => t.name)).toEqual(["orders.created", "ORDERS.dlq"]);
    expect(filterTopics(topics, "offsets", false)).toEqual([]);
    expect(filterTopics(topics, "offsets", true).map((t) => t.name)).toEqual(["__consumer_offsets"]);
  });
});

describe("topic sorting", () => {
  const topics = [topic("b", { messages: 5 }), topic("a10", { messages: null }), topic("a2", { messages: 50 }), topic("c", { messages: 5 })];
  it("sorts names naturally", () => {
    expect(sortTopics(topics, { key: "name", direction: "asc" }).map((t) => t.name)).toEqual(["a2", "a10", "b", "c"]);
    expect(sortTopics(topics, { key: "name", direction: "desc" }).map((t) => t.name)).toEqual(["c", "b", "a10", "a2"]);
  });
  it("sorts figures with unknowns last and ties by name", () => {
    expect(sortTopics(topics, { key: "messages", direction: "desc" }).map((t) => t.name)).toEqual(["a2", "b", "c", "a10"]);
    expect(sortTopics(topics, { key: "messages", direction: "asc" }).map((t) => t.name)).toEqual(["b", "c", "a2", "a10"]);
  });
  it("does not mutate its input", () => {
    const copy = [...topics];
    sortTopics(topics, { key: "messages", direction: "desc" });
    expect(topics).toEqual(copy);
  });
  it("flips direction on the same column, starts figures descending", () => {
    expect(nextSort({ key: "name", direction: "asc" }, "name")).toEqual({ key: "name", direction: "desc" });
    expect(nextSort({ key: "name", direction: "asc" }, "msgsPerSec")).toEqual({ key: "msgsPerSec", direction: "desc" });
    expect(nextSort({ key: "bytes", direction: "desc" }, "name")).toEqual({ key: "name", direction: "asc" });
  });
});
