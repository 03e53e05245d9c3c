import "server-only";
import type { ClusterSnapshot, ConsumerDetail, TopicDetail, TopicSummary } from "@/lib/brokers/types";
import { getSampler } from "@/lib/metrics/samplers";
import { lastChangeAt } from "./cluster-changes";
import { freshForListings } from "./listing-freshness";

// Listings answered from the sampler's latest snapshot instead of asking the broker on every
// request: the topic list at 10,000 partitions is one Metadata, two ListOffsets of every partition
// and a DescribeLogDirs per broker, which the sampler has just done. The snapshot holds the same
// figures the broker calls would give (same connector code), as of the cycle that took it.

/**
 * The snapshot listings may answer from: fresh (under three intervals old, or two cycles plus an
 * interval when cycles are slower than the interval: listing-freshness.ts) and taken wholly after
 * the console last changed the cluster (cluster-changes.ts). Without the
 * start stamp (serverless sampling on read), the start is bounded by the snapshot time minus the
 * whole cycle's duration.
 */
export function listingSnapshot(clusterId: string, scoped?: ClusterSnapshot): ClusterSnapshot | undefined {
  const sampler = getSampler(clusterId);
  if (!sampler) return undefined;
  // A scoped snapshot (one group with its partitions, from the sampler worker) passes the same tests.
  const candidate = scoped ?? sampler.latestSnapshot;
  if (!candidate || !freshForListings(candidate.at, Date.now(), sampler.intervalMs, sampler.lastCycleMs)) return undefined;
  const snapshot = candidate;
  const changed = lastChangeAt(clusterId);
  const startedBy = snapshot.startedAt ?? snapshot.at - (sampler.lastCycleMs ?? sampler.intervalMs);
  return changed !== undefined && changed >= startedBy ? undefined : snapshot;
}

/** localeCompare's order, with one collator instead of one per comparison (1,000s of topics per request otherwise). */
const compareNames = new Intl.Collator().compare;

/** Each snapshot's topic list, made on its first request: every request until the next cycle reuses it. */
const summaries = new WeakMap<ClusterSnapshot, TopicSummary[]>();

/** GET /topics from a snapshot: as the connectors list them (sorted by name; messages null when no partition was read). */
export function topicSummariesOf(snapshot: ClusterSnapshot): TopicSummary[] {
  let listed = summaries.get(snapshot);
  if (!listed) {
    listed = snapshot.topics
      .map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.length,
        messages: topic.partitions.length > 0 ? topic.partitions.reduce((sum, partition) => sum + partition.messages, 0) : null,
        bytes: topic.bytes,
      }))
      .sort((a, b) => compareNames(a.name, b.name));
    summaries.set(snapshot, listed);
  }
  return listed;
}

/** GET /topics/{topic} from a snapshot; undefined when the snapshot does not have it (the broker is asked). */
export function topicDetailOf(snapshot: ClusterSnapshot, name: string): TopicDetail | undefined {
  const topic = snapshot.topics.find((candidate) => candidate.name === name);
  if (!topic || topic.partitions.length === 0) return undefined;
  return {
    name: topic.name,
    partitions: topic.partitions,
    ...(topic.subjects ? { subjects: topic.subjects } : {}),
    bytes: topic.bytes,
  };
}

/** GET /consumers/{group} from a snapshot, when it holds the group with its members; else undefined. */
export function consumerDetailOf(snapshot: ClusterSnapshot, group: string): ConsumerDetail | undefined {
  const found = snapshot.consumers.find((candidate) => candidate.group === group);
  return found && "memberDetails" in found ? (found as ConsumerDetail) : undefined;
}
