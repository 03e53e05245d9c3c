import "server-only";
import type { BrokerConnector, ClusterSnapshot } from "@/lib/brokers/types";
import type { ClusterConfig } from "@/lib/config/schema";
import { runToEnd } from "@/lib/event-loop/run-in-slices";
import { deriveCycleInSlices, groupRateSampleCount, newCommitTracker, RATE_SAMPLES, STATUS_WINDOW_SAMPLES, type CommitTracker, type CycleFigures } from "./derive-cycle";
import { CommitTimestamps } from "./commit-timestamps";
import { answerHistory, type HistoryQuery } from "./history-query";
import type { LiveBus, LiveEvent } from "./live-bus";
import { SeriesBook } from "./ring-series";
import { isCompactSeries, isShortSeries, isSingleSeries } from "./series-keys";
import { isFresh, type SamplerView } from "./sampler-view";
import type { ScopedCycle } from "./worker/cycle-transfer";

export const DEFAULT_INTERVAL_MS = 5_000;
const HISTORY_MS = 60 * 60 * 1000;
/** Per-partition series keep every sample this far back (the 5 m chart window), then one a minute. */
const PARTITION_DETAIL_MS = 5 * 60 * 1000;
const PARTITION_COARSE_STEP_MS = 60 * 1000;

/**
 * The in-memory hour of one cluster. Cluster, topic and group series keep every sample of the hour
 * (issue 12: charts without holes; rates and lag seconds as 32-bit floats); per-partition series (10,000s of them on a large cluster) and a topic's
 * total log end and size (which only feed its rates) keep 5 minutes in full and one point a minute
 * before that; a group-partition's series keep one minute in full (its rate window) and one point a
 * minute before.
 */
export function createSeriesBook(intervalMs: number): SeriesBook {
  return new SeriesBook(Math.ceil(HISTORY_MS / intervalMs) + 1, {
    isCompact: isCompactSeries,
    recent: Math.max(STATUS_WINDOW_SAMPLES, RATE_SAMPLES, Math.ceil(PARTITION_DETAIL_MS / intervalMs)),
    coarseStepMs: PARTITION_COARSE_STEP_MS,
    coarseSlots: Math.ceil(HISTORY_MS / PARTITION_COARSE_STEP_MS) + 2,
    isSingle: isSingleSeries,
    tiers: [
      // A group-partition's series: the status window and the group's one-minute rates, no more.
      { is: isShortSeries, recent: Math.max(STATUS_WINDOW_SAMPLES, RATE_SAMPLES, groupRateSampleCount(intervalMs)), single: true },
    ],
  });
}

export interface SamplerHooks {
  connector: () => BrokerConnector;
  onSuccess: () => void;
  onFailure: (error: unknown) => void;
  onCycle?: (figures: CycleFigures, book: SeriesBook) => Promise<void> | void;
}

/**
 * One per cluster, whatever the number of viewers: every interval it takes one batched snapshot of
 * the cluster, derives rates, lag seconds and status, keeps an hour of history in memory and tells
 * the live bus. A slow cycle delays the next instead of overlapping it.
 */
export class ClusterSampler implements SamplerView {
  readonly intervalMs: number;
  readonly book: SeriesBook;
  private readonly commits: CommitTracker = newCommitTracker();
  private readonly commitTimes = new CommitTimestamps();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  latest: CycleFigures | undefined;
  latestSnapshot: ClusterSnapshot | undefined;
  lastCycleMs: number | undefined;
  cycles = 0;

  constructor(
    readonly config: ClusterConfig,
    private readonly bus: LiveBus,
    private readonly hooks: SamplerHooks,
  ) {
    this.intervalMs = config.samplingIntervalMs ?? DEFAULT_INTERVAL_MS;
    this.book = createSeriesBook(this.intervalMs);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  /** The last snapshot if it is recent enough to answer listings without asking the broker. */
  freshSnapshot(now = Date.now()): ClusterSnapshot | undefined {
    const snapshot = this.latestSnapshot;
    return isFresh(snapshot, this.intervalMs, now) ? snapshot : undefined;
  }

  async history(query: HistoryQuery) {
    return answerHistory(this.book, this.intervalMs, this.latest, query);
  }

  async scoped(): Promise<ScopedCycle | undefined> {
    return this.latest && this.latestSnapshot ? { figures: this.latest, snapshot: this.latestSnapshot } : undefined;
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  private async loop(): Promise<void> {
    if (!this.running) return;
    const started = Date.now();
    await this.sampleOnce();
    if (!this.running) return;
    this.timer = setTimeout(() => void this.loop(), Math.max(0, this.intervalMs - (Date.now() - started)));
    this.timer.unref?.();
  }

  /** One cycle; exposed for tests and for sampling on read where no background work can run. */
  async sampleOnce(): Promise<CycleFigures | undefined> {
    const started = performance.now();
    try {
      const connector = this.hooks.connector();
      const snapshot = await connector.snapshot();
      // Lag time of commits older than the history: the messages' own timestamps (commit-timestamps.ts).
      const read = connector.readOffsetTimestamps?.bind(connector);
      if (read) await this.commitTimes.refresh(read, snapshot, { budgetMs: Math.max(1_000, this.intervalMs / 2) });
      // In slices: requests are answered between them instead of waiting for the whole cycle.
      const figures = await deriveCycleInSlices(this.book, snapshot, this.commits, { intervalMs: this.intervalMs, commitTimes: this.commitTimes });
      this.latest = figures;
      this.latestSnapshot = snapshot;
      this.cycles++;
      this.lastCycleMs = performance.now() - started;
      this.hooks.onSuccess();
      this.bus.publish(liveEventOf(this.config.id, figures));
      await this.hooks.onCycle?.(figures, this.book);
      return figures;
    } catch (error) {
      this.hooks.onFailure(error);
      return undefined;
    }
  }
}

/** What the live stream sends of a cycle: every topic's and group's headline figures. */
export function liveEventOf(cluster: string, figures: CycleFigures): Omit<LiveEvent, "id"> {
  return runToEnd(liveEventSteps(cluster, figures));
}

/** The same, yielding every few hundred entries (the sampler worker's host runs it in slices). */
export function* liveEventSteps(cluster: string, figures: CycleFigures): Generator<void, Omit<LiveEvent, "id">> {
  const topics: LiveEvent["topics"] = [];
  const consumers: LiveEvent["consumers"] = [];
  let count = 0;
  for (const { name, msgsPerSec, bytesPerSec, messages } of figures.topics.values()) {
    topics.push({ name, msgsPerSec, bytesPerSec, messages });
    if (++count % 500 === 0) yield;
  }
  for (const { group, lag, lagSeconds, lagSecondsAtLeast, status, reason, drainSeconds, consumeRate } of figures.groups.values()) {
    consumers.push({ group, lag, lagSeconds, ...(lagSecondsAtLeast ? { lagSecondsAtLeast: true } : {}), status, reason, drainSeconds, consumeRate });
    if (++count % 500 === 0) yield;
  }
  return { cluster, t: figures.t, msgsPerSec: figures.msgsPerSec, bytesPerSec: figures.bytesPerSec, topics, consumers };
}
