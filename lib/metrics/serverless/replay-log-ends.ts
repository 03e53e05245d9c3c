import type { ClusterSnapshot } from "@/lib/brokers/types";
import type { SeriesBook } from "../ring-series";
import { keys } from "../series-keys";

// A cold instance must rebuild a sampler's memory from up to ~72 stored snapshots. Deriving every one
// (lib/metrics/derive-cycle.ts) costs seconds at 10,000 partitions (bench/serverless-replay.ts), but
// only the newest dozen feed rates and the status window; the older ones (one a minute back to an
// hour) matter for one thing: the log-end history that lag seconds interpolate in. So the older ones
// only write their log ends into the book, in the sampler's own series, and the newest are derived
// in full on top.

/** Snapshots derived in full on a cold start; the ones before them only give their log ends. */
export const FULL_REPLAY_SAMPLES = 12;

/** Starts a sample at the snapshot's time holding only each partition's log end. */
export function replayLogEnds(book: SeriesBook, snapshot: ClusterSnapshot): void {
  book.beginSample(snapshot.at);
  for (const topic of snapshot.topics) {
    for (const p of topic.partitions) book.set(keys.partitionHigh(topic.name, p.partition), p.high);
  }
}
