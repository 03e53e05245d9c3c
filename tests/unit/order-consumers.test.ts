import { describe, expect, it } from "vitest";
import { decodePositionCursor, orderConsumers, pageByPosition } from "@/lib/consumers/order-consumers";

const groups = [
  { group: "billing-slow", lag: 900, lagSeconds: 320, status: "WARN" },
  { group: "analytics", lag: 5, lagSeconds: 1, status: "OK" },
  { group: "broken", lag: 40, lagSeconds: null, status: "ERR" },
  { group: "new-one", lag: 0, lagSeconds: null, status: "UNKNOWN" },
  { group: "audit", lag: 900, lagSeconds: 10, status: "OK" },
];
const names = (list: { group: string }[]) => list.map((g) => g.group);

describe("orderConsumers", () => {
  it("sorts by lag, biggest first, ties by name", () => {
    expect(names(orderConsumers(groups, { sort: "lag", dir: "desc" }))).toEqual(["audit", "billing-slow", "broken", "analytics", "new-one"]);
  });
  it("sorts by lag time with unknown times last in both directions", () => {
    expect(names(orderConsumers(groups, { sort: "lagSeconds", dir: "desc" }))).toEqual(["billing-slow", "audit", "analytics", "broken", "new-one"]);
    expect(names(orderConsumers(groups, { sort: "lagSeconds", dir: "asc" }))).toEqual(["analytics", "audit", "billing-slow", "broken", "new-one"]);
  });
  it("sorts by status, worst first", () => {
    expect(names(orderConsumers(groups, { sort: "status", dir: "desc" }))).toEqual(["broken", "billing-slow", "new-one", "analytics", "audit"]);
  });
  it("filters by status and name", () => {
    expect(names(orderConsumers(groups, { sort: "name", dir: "asc", status: ["OK", "WARN"] }))).toEqual(["analytics", "audit", "billing-slow"]);
    expect(names(orderConsumers(groups, { sort: "lag", dir: "desc", q: "BIL" }))).toEqual(["billing-slow"]);
  });
});

describe("pageByPosition", () => {
  it("pages with a position cursor and ignores a foreign one", () => {
    const first = pageByPosition([1, 2, 3, 4, 5], { limit: 2 });
    expect(first).toMatchObject({ items: [1, 2], total: 5 });
    const second = pageByPosition([1, 2, 3, 4, 5], { limit: 2, cursor: first.next });
    expect(second.items).toEqual([3, 4]);
    expect(pageByPosition([1, 2, 3, 4, 5], { limit: 2, cursor: second.next })).toEqual({ items: [5], total: 5 });
    expect(decodePositionCursor(Buffer.from("some-group").toString("base64url"))).toBe(0);
  });
});

describe("orderConsumers by topic", () => {
  it("keeps the groups that read the topic", () => {
    const withTopics = [
      { group: "a", lag: 1, lagSeconds: 1, status: "OK", topics: ["orders", "payments"] },
      { group: "b", lag: 1, lagSeconds: 1, status: "OK", topics: ["payments"] },
      { group: "c", lag: 1, lagSeconds: 1, status: "OK" },
    ];
    expect(orderConsumers(withTopics, { sort: "name", dir: "asc", topic: "orders" }).map((g) => g.group)).toEqual(["a"]);
  });
});
