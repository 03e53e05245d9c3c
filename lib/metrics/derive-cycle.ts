import type { ClusterSnapshot } from "@/lib/brokers/types";
import { estimateDrainSeconds, evaluateGroupStatus, evaluatePartitionStatus, type CommitSample, type GroupStatus, type PartitionStatus } from "./evaluate-lag-status";
import { estimateLagSeconds, type OffsetPoint } from "./lag-seconds";
import type { SeriesBook } from "./ring-series";
import { keys } from "./series-keys";

// One sampling cycle, from a broker snapshot to the figures operators see. Pure apart from writing
// into the SeriesBook it is given, so it is tested with hand-made snapshots.

export const RATE_SAMPLES = 4;
export const STATUS_WINDOW_SAMPLES = 10;

export interface TopicFigures {
  name: string;
  messages: number | null;
  msgsPerSec: number | null;
  bytesPerSec: number | null;
  partitions: { partition: number; low: number; high: number; messages: number; msgsPerSec: number | null }[];
}

export interface PartitionFigures {
  topic: string;
  partition: number;
  committed: number | null;
  high: number;
  lag: number;
  lagSeconds: number | null;
  /** True when the commit is older than the sampler's history: the lag is at least `lagSeconds`. */
  lagSecondsAtLeast?: boolean;
  status: PartitionStatus;
  reason: string;
}

export interface GroupFigures {
  group: string;
  lag: number;
  lagSeconds: number | null;
  /** True when the worst partition's lag seconds is a lower bound (history shorter than the lag). */
  lagSecondsAtLeast?: boolean;
  status: GroupStatus;
  detail: PartitionStatus;
  reason: string;
  consumeRate: number | null;
  drainSeconds: number | null;
  partitions: PartitionFigures[];
}

export interface CycleFigures {
  t: number;
  msgsPerSec: number | null;
  bytesPerSec: number | null;
  topics: Map<string, TopicFigures>;
  groups: Map<string, GroupFigures>;
}

/** When each group-partition's committed offset last moved, as the sampler saw it. */
export type CommitTracker = Map<string, { committed: number; changedAt: number }>;

export function deriveCycle(
  book: SeriesBook,
  snapshot: ClusterSnapshot,
  commits: CommitTracker,
  options: { intervalMs: number },
): CycleFigures {
  const t = snapshot.at;
  book.beginSample(t);
  const topics = new Map<string, TopicFigures>();
  let clusterRate: number | null = null;
  let clusterBytes: number | null = null;
  // Each partition's produce rate, computed once here and reused for every group that reads it.
  const partitionRates = new Map<string, number | null>();

  for (const topic of snapshot.topics) {
    let totalHigh = 0;
    const partitions = topic.partitions.map((p) => {
      const highKey = keys.partitionHigh(topic.name, p.partition);
      book.set(highKey, p.high);
      totalHigh += p.high;
      const rate = book.rateOver(highKey, RATE_SAMPLES);
      partitionRates.set(highKey, rate);
      return { ...p, msgsPerSec: rate };
    });
    book.set(keys.topicHigh(topic.name), totalHigh);
    const msgsPerSec = book.rateOver(keys.topicHigh(topic.name), RATE_SAMPLES);
    let bytesPerSec: number | null = null;
    if (topic.bytes !== null) {
      book.set(keys.topicBytes(topic.name), topic.bytes);
      // Sizes shrink when retention deletes segments: growth only, never a negative throughput.
      bytesPerSec = book.growthRateOver(keys.topicBytes(topic.name), RATE_SAMPLES);
    }
    if (msgsPerSec !== null) {
      book.set(keys.topicRate(topic.name), msgsPerSec);
      clusterRate = (clusterRate ?? 0) + msgsPerSec;
    }
    if (bytesPerSec !== null) {
      book.set(keys.topicByteRate(topic.name), bytesPerSec);
      clusterBytes = (clusterBytes ?? 0) + bytesPerSec;
    }
    const messages = topic.partitions.reduce((sum, p) => sum + p.messages, 0);
    topics.set(topic.name, { name: topic.name, messages, msgsPerSec, bytesPerSec, partitions });
  }
  if (clusterRate !== null) book.set(keys.clusterRate(), clusterRate);
  if (clusterBytes !== null) book.set(keys.clusterByteRate(), clusterBytes);

  const groups = new Map<string, GroupFigures>();
  const seenCommits = new Set<string>();
  for (const consumer of snapshot.consumers) {
    const partitions: PartitionFigures[] = [];
    let consumeRate: number | null = null;
    let produceRate: number | null = null;
    for (const p of consumer.partitions) {
      const commitKey = keys.committed(consumer.group, p.topic, p.partition);
      const highKey = keys.partitionHigh(p.topic, p.partition);
      seenCommits.add(commitKey);
      // Lag is read back as high - committed; only partitions where that is not the lag (no commit
      // yet, or a commit below the log start) keep a lag series of their own.
      const lagKey = keys.partitionLag(consumer.group, p.topic, p.partition);
      if (p.committed === null || p.high - p.committed !== p.lag) book.set(lagKey, p.lag);
      if (p.committed !== null) {
        book.set(commitKey, p.committed);
        const known = commits.get(commitKey);
        if (!known || known.committed !== p.committed) commits.set(commitKey, { committed: p.committed, changedAt: t });
      }
      const estimate = partitionLagSeconds(book, highKey, p.committed, p.lag, t);
      const window = windowSamples(book, commitKey, highKey, lagKey);
      const verdict =
        p.committed === null
          ? { status: "UNKNOWN" as const, reason: `no commit yet; ${p.lag} message${p.lag === 1 ? "" : "s"} waiting` }
          : evaluatePartitionStatus(window, { now: t, lastCommitAt: commits.get(commitKey)?.changedAt ?? null, windowMs: options.intervalMs * STATUS_WINDOW_SAMPLES });
      const commitRate = book.rateOver(commitKey, RATE_SAMPLES);
      if (commitRate !== null) consumeRate = (consumeRate ?? 0) + commitRate;
      const highRate = partitionRates.has(highKey) ? partitionRates.get(highKey)! : book.rateOver(highKey, RATE_SAMPLES);
      if (highRate !== null) produceRate = (produceRate ?? 0) + highRate;
      partitions.push({
        ...p,
        lagSeconds: estimate.seconds,
        ...(estimate.atLeast ? { lagSecondsAtLeast: true } : {}),
        status: verdict.status,
        reason: verdict.reason,
      });
    }
    const verdict = evaluateGroupStatus(partitions);
    // The group is as far behind as its furthest partition; no lag means 0 s whatever the partitions say.
    let lagSeconds: number | null = consumer.lag === 0 ? 0 : null;
    let lagSecondsAtLeast = false;
    if (consumer.lag > 0) {
      for (const p of partitions) {
        if (p.lagSeconds === null || (lagSeconds !== null && p.lagSeconds <= lagSeconds)) continue;
        lagSeconds = p.lagSeconds;
        lagSecondsAtLeast = p.lagSecondsAtLeast === true;
      }
    }
    book.set(keys.groupLag(consumer.group), consumer.lag);
    if (lagSeconds !== null) book.set(keys.groupLagSeconds(consumer.group), lagSeconds);
    groups.set(consumer.group, {
      group: consumer.group,
      lag: consumer.lag,
      lagSeconds,
      ...(lagSecondsAtLeast ? { lagSecondsAtLeast: true } : {}),
      status: verdict.groupStatus,
      detail: verdict.status,
      reason: verdict.reason,
      consumeRate,
      drainSeconds: estimateDrainSeconds(consumer.lag, consumeRate, produceRate),
      partitions,
    });
  }
  for (const key of commits.keys()) if (!seenCommits.has(key)) commits.delete(key);
  book.pruneStale();
  return { t, msgsPerSec: clusterRate, bytesPerSec: clusterBytes, topics, groups };
}

const asOffset = (point: { t: number; value: number }) => ({ t: point.t, offset: point.value });

/**
 * Lag seconds of one partition, reading the log-end history back only as far as the committed
 * offset. 0 whenever the lag is 0 (also when the commit is below the log start and nothing is left).
 */
function partitionLagSeconds(book: SeriesBook, highKey: string, committed: number | null, lag: number, now: number) {
  if (committed === null) return { seconds: null };
  if (lag === 0) return { seconds: 0 };
  const highs: OffsetPoint[] = book.pointsBackTo(highKey, (high) => high <= committed).map(asOffset);
  return estimateLagSeconds(highs, committed, now);
}

// Scratch space for the status window, reused for every group-partition (evaluatePartitionStatus
// keeps nothing of its input). Initialised with fractions so V8 stores the fields as doubles in place.
const windowRows = new Float64Array(STATUS_WINDOW_SAMPLES * 4);
const windowBuffer: CommitSample[] = Array.from({ length: STATUS_WINDOW_SAMPLES }, () => ({ t: 0.5, committed: 0.5, lag: 0.5 }));

/**
 * The status window, oldest first: committed offsets and lag (high - committed unless a lag series
 * says otherwise). The returned array is scratch space, valid until the next call.
 */
function windowSamples(book: SeriesBook, commitKey: string, highKey: string, lagKey: string): CommitSample[] {
  const rows = book.lastRows(commitKey, [highKey, lagKey], STATUS_WINDOW_SAMPLES, windowRows);
  for (let row = 0; row < rows; row++) {
    const at = row * 4;
    const committed = windowRows[at + 1];
    const high = windowRows[at + 2];
    const explicit = windowRows[at + 3];
    const sample = windowBuffer[rows - 1 - row];
    sample.t = windowRows[at];
    sample.committed = committed;
    sample.lag = !Number.isNaN(explicit) ? explicit : Number.isNaN(high) ? 0 : Math.max(0, high - committed);
  }
  return rows === STATUS_WINDOW_SAMPLES ? windowBuffer : windowBuffer.slice(0, rows);
}
