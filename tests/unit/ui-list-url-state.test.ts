import { describe, expect, it } from "vitest";
import { consumerListFromSearch, consumerListToSearch, messageOrderFromSearch, orderMessages, toggleSort } from "@/lib/client/list-url-state";

describe("consumer list state in the URL", () => {
  it("round-trips, leaving defaults and unknown values out", () => {
    const state = consumerListFromSearch(new URLSearchParams("q=bill&sort=lag&status=WARN&other=1"));
    expect(state).toEqual({ q: "bill", sort: "lag", dir: "desc", status: "WARN" });
    expect(consumerListToSearch(state, "other=1")).toBe("other=1&q=bill&sort=lag&status=WARN");
    expect(consumerListFromSearch(new URLSearchParams("sort=members&status=BAD&dir=sideways"))).toEqual({ q: "", sort: "name", dir: "asc", status: "" });
    expect(consumerListToSearch(consumerListFromSearch(new URLSearchParams("")))).toBe("");
  });

  it("flips the direction on the same column and starts a new one at its default", () => {
    const byName = consumerListFromSearch(new URLSearchParams(""));
    const byLag = toggleSort(byName, "lag");
    expect(byLag).toMatchObject({ sort: "lag", dir: "desc" });
    expect(toggleSort(byLag, "lag")).toMatchObject({ sort: "lag", dir: "asc" });
    expect(consumerListToSearch(toggleSort(byLag, "lag"))).toBe("sort=lag&dir=asc");
  });
});

describe("message order", () => {
  const messages = [
    { partition: 0, offset: 1, timestamp: "2026-01-01T00:00:01.000Z" },
    { partition: 1, offset: 7, timestamp: "2026-01-01T00:00:03.000Z" },
    { partition: 0, offset: 2, timestamp: "2026-01-01T00:00:02.000Z" },
  ];
  it("is newest first by default, oldest first on request", () => {
    expect(messageOrderFromSearch(new URLSearchParams(""))).toBe("newest");
    expect(messageOrderFromSearch(new URLSearchParams("order=oldest"))).toBe("oldest");
    expect(orderMessages(messages, "newest").map((m) => m.offset)).toEqual([7, 2, 1]);
    expect(orderMessages(messages, "oldest").map((m) => m.offset)).toEqual([1, 2, 7]);
  });
});
