// Sorting a DLQ's messages (lib/dlq/dlq-sort.ts): the comparison a sorted page uses, and keeping
// only the rows a page needs from a long read.
import { describe, expect, it } from "vitest";
import { compareDlqMessages, defaultDlqSortDir, TopRows, type DlqSortable } from "@/lib/dlq/dlq-sort";

const row = (partition: number, offset: number, patch: Partial<DlqSortable> = {}): DlqSortable => ({
  partition,
  offset,
  timestamp: `2026-12-07T03:00:0${offset % 10}.000Z`,
  error: "e",
  originalTopic: "orders",
  attempts: 1,
  ...patch,
});
const ids = (rows: DlqSortable[]) => rows.map((r) => `${r.partition}:${r.offset}`);

describe("compareDlqMessages", () => {
  it("orders by time both ways, ties in DLQ order", () => {
    const rows = [row(0, 1), row(1, 3), row(0, 2), row(1, 1)];
    expect(ids([...rows].sort(compareDlqMessages("time", "desc")))).toEqual(["1:3", "0:2", "0:1", "1:1"]);
    expect(ids([...rows].sort(compareDlqMessages("time", "asc")))).toEqual(["0:1", "1:1", "0:2", "1:3"]);
  });

  it("orders errors as a person reads them (case-insensitive, numbers by value)", () => {
    const rows = [row(0, 0, { error: "timeout 10" }), row(0, 1, { error: "Bad JSON" }), row(0, 2, { error: "timeout 9" })];
    expect(ids([...rows].sort(compareDlqMessages("error", "asc")))).toEqual(["0:1", "0:2", "0:0"]);
    expect(ids([...rows].sort(compareDlqMessages("error", "desc")))).toEqual(["0:0", "0:2", "0:1"]);
  });

  it("puts an unknown original topic or attempts count last in either direction", () => {
    const rows = [row(0, 0, { originalTopic: null, attempts: null }), row(0, 1, { originalTopic: "b", attempts: 2 }), row(0, 2, { originalTopic: "a", attempts: 5 })];
    expect(ids([...rows].sort(compareDlqMessages("originalTopic", "asc")))).toEqual(["0:2", "0:1", "0:0"]);
    expect(ids([...rows].sort(compareDlqMessages("originalTopic", "desc")))).toEqual(["0:1", "0:2", "0:0"]);
    expect(ids([...rows].sort(compareDlqMessages("attempts", "desc")))).toEqual(["0:2", "0:1", "0:0"]);
  });

  it("starts times and attempts at the biggest, texts at A", () => {
    expect(["time", "error", "originalTopic", "attempts"].map((sort) => defaultDlqSortDir(sort as never))).toEqual(["desc", "asc", "asc", "desc"]);
  });
});

describe("TopRows", () => {
  it("keeps the first rows of the order from any number of rows, the same as sorting them all", () => {
    const all = Array.from({ length: 1_000 }, (_, i) => row(i % 3, i, { error: `error ${(i * 7919) % 101}` }));
    const compare = compareDlqMessages("error", "asc");
    const top = new TopRows(25, compare);
    for (const r of all) top.add(r);
    expect(ids(top.sorted())).toEqual(ids([...all].sort(compare).slice(0, 25)));
  });

  it("returns fewer rows when fewer came, and none for a page of none", () => {
    const top = new TopRows(10, compareDlqMessages("time", "desc"));
    top.add(row(0, 1));
    top.add(row(0, 2));
    expect(ids(top.sorted())).toEqual(["0:2", "0:1"]);
    const none = new TopRows(0, compareDlqMessages("time", "desc"));
    none.add(row(0, 1));
    expect(none.sorted()).toEqual([]);
  });
});
