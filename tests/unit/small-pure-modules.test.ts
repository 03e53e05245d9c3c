import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, pageOfNames } from "@/lib/api/paginate";
import { isStatusFresh, shouldFailFast } from "@/lib/clusters/cluster-status";
import { isDlqName, originalTopicOfDlq } from "@/lib/dlq/dlq-names";
import { kafkaPartitionLag, totalLag } from "@/lib/metrics/partition-lag";

describe("DLQ names", () => {
  it.each([
    ["orders.created.dlq", "orders.created"],
    ["orders-dlq", "orders"],
    ["orders.DLT", "orders"],
    ["dlq.orders.created", "orders.created"],
  ])("%s points back to %s", (name, original) => {
    expect(originalTopicOfDlq(name)).toBe(original);
  });

  it("does not take ordinary names for DLQs", () => {
    expect(isDlqName("orders.created")).toBe(false);
    expect(isDlqName("dlqueue")).toBe(false);
    expect(isDlqName("my-failures", ["my-failures"])).toBe(true);
  });
});

describe("kafkaPartitionLag", () => {
  it("is the high watermark minus the committed offset", () => {
    expect(kafkaPartitionLag({ topic: "t", partition: 0, committed: 40, low: 0, high: 100 })).toEqual({
      topic: "t",
      partition: 0,
      committed: 40,
      high: 100,
      lag: 60,
    });
  });

  it("counts the whole retained log and flags it when nothing is committed", () => {
    expect(kafkaPartitionLag({ topic: "t", partition: 1, committed: -1, low: 10, high: 30 })).toMatchObject({ committed: null, lag: 20, noCommit: true });
    expect(kafkaPartitionLag({ topic: "t", partition: 1, committed: null, low: 10, high: 30 })).toMatchObject({ lag: 20, noCommit: true });
  });

  it("never counts messages retention has deleted, and is never negative", () => {
    expect(kafkaPartitionLag({ topic: "t", partition: 0, committed: 5, low: 50, high: 60 }).lag).toBe(10);
    expect(kafkaPartitionLag({ topic: "t", partition: 0, committed: 70, low: 50, high: 60 }).lag).toBe(0);
  });

  it("sums partitions", () => {
    const partitions = [
      kafkaPartitionLag({ topic: "t", partition: 0, committed: 1, low: 0, high: 3 }),
      kafkaPartitionLag({ topic: "t", partition: 1, committed: 0, low: 0, high: 5 }),
    ];
    expect(totalLag(partitions)).toBe(7);
  });
});

describe("pageOfNames", () => {
  const names = Array.from({ length: 25 }, (_, index) => `group-${String(index).padStart(2, "0")}`);

  it("pages through every name exactly once", () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = pageOfNames(names, { limit: 10, cursor });
      expect(page.total).toBe(25);
      seen.push(...page.items);
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(names);
  });

  it("filters by text and stops with no next cursor", () => {
    const page = pageOfNames(names, { q: "GROUP-1", limit: 100 });
    expect(page.items).toHaveLength(10);
    expect(page.next).toBeUndefined();
  });

  it("round-trips cursors with any characters", () => {
    expect(decodeCursor(encodeCursor("a/b c?é"))).toBe("a/b c?é");
  });
});

describe("cluster status memory", () => {
  it("fails fast only on a recent down", () => {
    expect(shouldFailFast({ status: "down", checkedAt: 1_000 }, 2_000)).toBe(true);
    expect(shouldFailFast({ status: "down", checkedAt: 1_000 }, 10_000)).toBe(false);
    expect(shouldFailFast({ status: "up", checkedAt: 1_000 }, 1_500)).toBe(false);
    expect(isStatusFresh({ status: "up", checkedAt: 1_000 }, 3_000)).toBe(true);
    expect(isStatusFresh(undefined, 3_000)).toBe(false);
  });
});
