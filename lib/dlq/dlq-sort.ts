// Ordering a DLQ's messages by a column (time, error, original topic, attempts). A DLQ is a log
// read in (partition, offset) order, so a sorted page is the top of a bounded read: this module is
// the pure part (the comparison, and keeping only the rows a page needs); dlq-sorted-page.ts reads.
// Unit-tested (tests/unit/dlq-sort.test.ts).

export const DLQ_SORTS = ["time", "error", "originalTopic", "attempts"] as const;
export type DlqSort = (typeof DLQ_SORTS)[number];
export type DlqSortDir = "asc" | "desc";

/** The fields a sort reads; a DlqMessage has them all. */
export interface DlqSortable {
  partition: number;
  offset: number;
  timestamp: string;
  error: string;
  originalTopic: string | null;
  attempts: number | null;
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

function valueOf(message: DlqSortable, sort: DlqSort): string | number | null {
  switch (sort) {
    case "time":
      return message.timestamp;
    case "error":
      return message.error;
    case "originalTopic":
      return message.originalTopic;
    case "attempts":
      return message.attempts;
  }
}

/**
 * Compares two messages on `sort`: unknown values (no original topic, no attempts count) last in
 * either direction; ties in DLQ order (partition, offset), so pages do not overlap or skip rows.
 */
export function compareDlqMessages(sort: DlqSort, dir: DlqSortDir) {
  const sign = dir === "asc" ? 1 : -1;
  return (a: DlqSortable, b: DlqSortable): number => {
    const va = valueOf(a, sort);
    const vb = valueOf(b, sort);
    const position = a.partition - b.partition || a.offset - b.offset;
    if (va === null) return vb === null ? position : 1;
    if (vb === null) return -1;
    // ISO times of one format compare as text; numbers as numbers; words as a person reads them.
    const order = typeof va === "number" && typeof vb === "number" ? va - vb : sort === "time" ? (va < vb ? -1 : va > vb ? 1 : 0) : collator.compare(String(va), String(vb));
    return sign * order || position;
  };
}

/**
 * The first `keep` rows of a stream in `compare` order, without holding the whole stream: rows
 * are buffered up to twice `keep`, then sorted and cut back (memory O(keep), time O(n log keep)).
 */
export class TopRows<T> {
  private rows: T[] = [];
  constructor(
    private readonly keep: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  add(row: T): void {
    if (this.keep <= 0) return;
    this.rows.push(row);
    if (this.rows.length >= this.keep * 2) this.cut();
  }

  sorted(): T[] {
    this.cut();
    return this.rows;
  }

  private cut(): void {
    this.rows.sort(this.compare);
    if (this.rows.length > this.keep) this.rows.length = this.keep;
  }
}

/** The direction a sort starts in: newest and most attempts first, words A to Z. */
export function defaultDlqSortDir(sort: DlqSort): DlqSortDir {
  return sort === "time" || sort === "attempts" ? "desc" : "asc";
}
