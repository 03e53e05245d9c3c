import type { CycleFigures } from "./derive-cycle";
import { clusterRateHistory, groupLagHistory, memoryCovers, partitionLagHistory, topicRateHistory, type LagPoint, type RatePoint } from "./history";
import type { SeriesBook } from "./ring-series";

// What the history routes ask of a cluster's in-memory hour, as plain data: the same question is
// answered by an in-process sampler or, through a message, by the sampler worker that holds the
// series book (lib/metrics/worker). Pure apart from reading the book.

export type HistoryQuery =
  | { kind: "cluster"; from: number }
  | { kind: "topic"; topic: string; from: number }
  | { kind: "group"; group: string; from: number };

export interface HistoryAnswer<P> {
  /** Whether memory reaches back to `from` (else the older part comes from stored minutes). */
  covers: boolean;
  points: P[];
  /** kind "group": each partition the group's latest figures list, with its lag history. */
  partitions?: { topic: string; partition: number; points: LagPoint[] }[];
}

export function answerHistory(book: SeriesBook, intervalMs: number, latest: CycleFigures | undefined, query: HistoryQuery): HistoryAnswer<RatePoint | LagPoint> {
  const covers = memoryCovers(book, query.from, intervalMs);
  switch (query.kind) {
    case "cluster":
      return { covers, points: clusterRateHistory(book, query.from) };
    case "topic":
      return { covers, points: topicRateHistory(book, query.topic, query.from) };
    case "group": {
      const sampled = latest?.groups.get(query.group);
      return {
        covers,
        points: groupLagHistory(book, query.group, query.from),
        partitions: (sampled?.partitions ?? []).map(({ topic, partition }) => ({
          topic,
          partition,
          points: partitionLagHistory(book, query.group, topic, partition, query.from),
        })),
      };
    }
  }
}
