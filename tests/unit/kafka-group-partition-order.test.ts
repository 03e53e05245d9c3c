import { describe, expect, it } from "vitest";
import { sortByPartition } from "@/lib/brokers/kafka/kafka-groups";

describe("a group's partitions of a topic, in partition order with their offsets", () => {
  it("sorts a short list in place (insertion), offsets and nulls moving with their partition", () => {
    const entry = { partitions: [3, 0, 2, 1], offsets: [30, 0, null, 10] as (number | null)[] };
    sortByPartition(entry);
    expect(entry).toEqual({ partitions: [0, 1, 2, 3], offsets: [0, 10, null, 30] });
  });

  it("sorts a long list (over 64) the same way", () => {
    const count = 200;
    const partitions = Array.from({ length: count }, (_, i) => (i * 37) % count);
    const entry = { partitions: [...partitions], offsets: partitions.map((p) => (p % 5 === 0 ? null : p * 10)) };
    sortByPartition(entry);
    expect(entry.partitions).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(entry.offsets).toEqual(entry.partitions.map((p) => (p % 5 === 0 ? null : p * 10)));
  });

  it("leaves an ordered list, an empty one and one of one as they are", () => {
    for (const partitions of [[], [7], [0, 1, 2]]) {
      const entry = { partitions: [...partitions], offsets: partitions.map((p) => p) };
      sortByPartition(entry);
      expect(entry.partitions).toEqual(partitions);
    }
  });
});
