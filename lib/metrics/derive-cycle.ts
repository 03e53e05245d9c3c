import type { ClusterSnapshot } from "@/lib/brokers/types";
import { estimateDrainSeconds, evaluateGroupStatus, evaluatePartitionStatus, type GroupStatus, type PartitionStatus } from "./evaluate-lag-status";
import { estimateLagSeconds, ratePerSecond } from "./lag-seconds";
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
  status: PartitionStatus;
  reason: string;
}

export interface GroupFigures {
  group: string;
  lag: number;
  lagSeconds: number | null;
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

  for (const topic of snapshot.topics) {
    let totalHigh = 0;
    const partitions = topic.partitions.map((p) => {
      book.set(keys.partitionHigh(topic.name, p.partition), p.high);
      totalHigh += p.high;
      const rate = ratePerSecond(book.lastPoints(keys.partitionHigh(topic.name, p.partition), RATE_SAMPLES).map(asOffset));
      return { ...p, msgsPerSec: rate };
    });
    book.set(keys.topicHigh(topic.name), totalHigh);
    const msgsPerSec = ratePerSecond(book.lastPoints(keys.topicHigh(topic.name), RATE_SAMPLES).map(asOffset));
    let bytesPerSec: number | null = null;
    if (topic.bytes !== null) {
      book.set(keys.topicBytes(topic.name), topic.bytes);
      bytesPerSec = ratePerSecond(book.lastPoints(keys.topicBytes(topic.name), RATE_SAMPLES).map(asOffset));
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
      seenCommits.add(commitKey);
      book.set(keys.partitionLag(consumer.group, p.topic, p.partition), p.lag);
      if (p.committed !== null) {
        book.set(commitKey, p.committed);
        const known = commits.get(commitKey);
        if (!known || known.committed !== p.committed) commits.set(commitKey, { committed: p.committed, changedAt: t });
      }
      const highs = book.points(keys.partitionHigh(p.topic, p.partition)).map(asOffset);
      const lagSeconds = p.committed === null ? null : estimateLagSeconds(highs, p.committed, t).seconds;
      const window = windowSamples(book, consumer.group, p.topic, p.partition);
      const verdict =
        p.committed === null
          ? { status: "UNKNOWN" as const, reason: `no commit yet; ${p.lag} messages waiting` }
          : evaluatePartitionStatus(window, { now: t, lastCommitAt: commits.get(commitKey)?.changedAt ?? null, windowMs: options.intervalMs * STATUS_WINDOW_SAMPLES });
      const commitRate = ratePerSecond(book.lastPoints(commitKey, RATE_SAMPLES).map(asOffset));
      if (commitRate !== null) consumeRate = (consumeRate ?? 0) + commitRate;
      const highRate = ratePerSecond(book.lastPoints(keys.partitionHigh(p.topic, p.partition), RATE_SAMPLES).map(asOffset));
      if (highRate !== null) produceRate = (produceRate ?? 0) + highRate;
      partitions.push({ ...p, lagSeconds, status: verdict.status, reason: verdict.reason });
    }
    const verdict = evaluateGroupStatus(partitions);
    const known = partitions.map((p) => p.lagSeconds).filter((value): value is number => value !== null);
    const lagSeconds = known.length > 0 ? Math.max(...known) : consumer.lag === 0 ? 0 : null;
    book.set(keys.groupLag(consumer.group), consumer.lag);
    if (lagSeconds !== null) book.set(keys.groupLagSeconds(consumer.group), lagSeconds);
    groups.set(consumer.group, {
      group: consumer.group,
      lag: consumer.lag,
      lagSeconds,
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

function windowSamples(book: SeriesBook, group: string, topic: string, partition: number) {
  const committed = book.lastPoints(keys.committed(group, topic, partition), STATUS_WINDOW_SAMPLES);
  const lags = new Map(book.lastPoints(keys.partitionLag(group, topic, partition), STATUS_WINDOW_SAMPLES).map((p) => [p.t, p.value]));
  return committed.map((point) => ({ t: point.t, committed: point.value, lag: lags.get(point.t) ?? 0 }));
}
