import type { ClusterSnapshot, OffsetTimestampRequest } from "@/lib/brokers/types";
import { keys } from "./series-keys";

// Lag time for commits older than the sampler's history (after a restart, or a group hours behind):
// the interpolation in lag-seconds.ts can then only say "at least", so the timestamp of the message at
// the committed offset (the oldest one not consumed) is read instead. Reads are batched, at most
// READS_PER_CYCLE per cycle, the partitions furthest behind first, and each answer is kept until that
// partition's commit moves: a group that stands still costs one read, not one per cycle.

export const READS_PER_CYCLE = 200;

/** A commit whose message could not be read is asked again after this long (a leader moved, say). */
export const RETRY_UNREADABLE_MS = 60_000;

interface Known {
  committed: number;
  /** Epoch ms of the message at `committed`; null when it could not be read. */
  at: number | null;
  /** Snapshot time of the read. */
  readAt: number;
}

interface Miss {
  key: string;
  group: string;
  topic: string;
  partition: number;
  /** What the interpolation could tell: at least this many seconds. */
  atLeast: number;
  lag: number;
}

export type ReadTimestamps = (requests: OffsetTimestampRequest[]) => Promise<(number | null)[]>;

export class CommitTimestamps {
  private readonly known = new Map<string, Known>();
  private misses: Miss[] = [];
  private inFlight: Promise<void> | undefined;

  /** Called by deriveCycle before it judges the partitions: misses are those of this cycle. */
  startCycle(): void {
    this.misses = [];
    this.cutAt = undefined;
  }

  /**
   * Seconds since the message at `committed` was written, if it was read for this very commit;
   * otherwise undefined, and the partition is asked for in the next refresh.
   */
  lagSeconds(group: string, topic: string, partition: number, committed: number, now: number, atLeast: number, lag: number, key = keys.committed(group, topic, partition)): number | undefined {
    const entry = this.known.get(key);
    if (entry && entry.committed === committed) {
      // Never below what the log-end history proves (a producer's clock may be behind).
      if (entry.at !== null) return Math.max(atLeast, (now - entry.at) / 1000);
      if (now - entry.readAt < RETRY_UNREADABLE_MS) return undefined;
    }
    this.noteMiss(key, group, topic, partition, atLeast, lag);
    return undefined;
  }

  /**
   * Keeps only the misses a refresh can read (the READS_PER_CYCLE furthest behind): when every
   * group-partition of a large cluster is behind its history (after a start), that is 200 objects a
   * cycle instead of 60,000 and a sort of them.
   */
  private noteMiss(key: string, group: string, topic: string, partition: number, atLeast: number, lag: number): void {
    const misses = this.misses;
    // The list is sorted and cut when it grows to twice the limit: what ranks below the last one kept
    // then can never be read this cycle.
    const cut = this.cutAt;
    if (cut && (atLeast < cut.atLeast || (atLeast === cut.atLeast && lag <= cut.lag))) return;
    misses.push({ key, group, topic, partition, atLeast, lag });
    if (misses.length >= READS_PER_CYCLE * 2) {
      misses.sort(furthestBehindFirst);
      misses.length = READS_PER_CYCLE;
      this.cutAt = misses[READS_PER_CYCLE - 1];
    }
  }

  private cutAt: Miss | undefined;

  /** Forgets partitions the last cycle did not see (keys as in series-keys `committed`). */
  retain(seen: { has(key: string): boolean }): void {
    for (const key of this.known.keys()) if (!seen.has(key)) this.known.delete(key);
  }

  /** How many partitions wait for a read. */
  get pending(): number {
    return this.misses.length;
  }

  /**
   * Reads the timestamps the last cycle missed, at the commits of `snapshot` (the one about to be
   * derived, so a commit that moved meanwhile is read where it is now), at most `limit`, furthest
   * behind first. Waits at most `budgetMs`; an answer arriving later is still kept for the next cycle.
   */
  async refresh(read: ReadTimestamps, snapshot: ClusterSnapshot, options: { limit?: number; budgetMs: number }): Promise<void> {
    if (this.misses.length === 0 || this.inFlight) return;
    const wanted = this.misses.sort(furthestBehindFirst).slice(0, options.limit ?? READS_PER_CYCLE);
    this.misses = [];
    this.cutAt = undefined;
    const groupsWanted = new Set(wanted.map((miss) => miss.group));
    const byKey = new Map(wanted.map((miss) => [miss.key, miss]));
    const lows = new Map<string, number>();
    const topicsWanted = new Set(wanted.map((miss) => miss.topic));
    for (const topic of snapshot.topics) {
      if (!topicsWanted.has(topic.name)) continue;
      for (const p of topic.partitions) lows.set(`${topic.name}\u0000${p.partition}`, p.low);
    }
    const requests: (OffsetTimestampRequest & { key: string; committed: number })[] = [];
    for (const consumer of snapshot.consumers) {
      if (!groupsWanted.has(consumer.group)) continue;
      for (const p of consumer.partitions) {
        if (p.committed === null || p.lag === 0) continue;
        const key = keys.committed(consumer.group, p.topic, p.partition);
        if (!byKey.has(key)) continue;
        // Below the log start (retention removed it), the oldest unconsumed message is the first one left.
        const low = lows.get(`${p.topic}\u0000${p.partition}`) ?? 0;
        requests.push({ key, committed: p.committed, topic: p.topic, partition: p.partition, offset: Math.max(p.committed, low) });
      }
    }
    if (requests.length === 0) return;
    const reading = read(requests.map(({ topic, partition, offset }) => ({ topic, partition, offset })))
      .then((times) => requests.forEach((request, index) => this.known.set(request.key, { committed: request.committed, at: times[index] ?? null, readAt: snapshot.at })))
      .catch(() => undefined) // unknown this time; asked again when the next cycle misses it
      .finally(() => (this.inFlight = undefined));
    this.inFlight = reading;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([reading, new Promise<void>((resolve) => (timer = setTimeout(resolve, options.budgetMs)))]);
    clearTimeout(timer);
  }
}

const furthestBehindFirst = (a: Miss, b: Miss) => b.atLeast - a.atLeast || b.lag - a.lag;
