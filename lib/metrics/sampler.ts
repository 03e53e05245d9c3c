import "server-only";
import type { BrokerConnector, ClusterSnapshot } from "@/lib/brokers/types";
import type { ClusterConfig } from "@/lib/config/schema";
import { deriveCycle, RATE_SAMPLES, STATUS_WINDOW_SAMPLES, type CommitTracker, type CycleFigures } from "./derive-cycle";
import type { LiveBus } from "./live-bus";
import { SeriesBook } from "./ring-series";
import { isPartitionSeries } from "./series-keys";

export const DEFAULT_INTERVAL_MS = 5_000;
const HISTORY_MS = 60 * 60 * 1000;
/** Per-partition series keep every sample this far back (the 5 m chart window), then one a minute. */
const PARTITION_DETAIL_MS = 5 * 60 * 1000;
const PARTITION_COARSE_STEP_MS = 60 * 1000;

/**
 * The in-memory hour of one cluster. Topic, group and cluster series keep every sample; per-partition
 * series (10,000s of them on a large cluster) keep 5 minutes in full and one point a minute before that.
 */
export function createSeriesBook(intervalMs: number): SeriesBook {
  return new SeriesBook(Math.ceil(HISTORY_MS / intervalMs) + 1, {
    isCompact: isPartitionSeries,
    recent: Math.max(STATUS_WINDOW_SAMPLES, RATE_SAMPLES, Math.ceil(PARTITION_DETAIL_MS / intervalMs)),
    coarseStepMs: PARTITION_COARSE_STEP_MS,
    coarseSlots: Math.ceil(HISTORY_MS / PARTITION_COARSE_STEP_MS) + 2,
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
export class ClusterSampler {
  readonly intervalMs: number;
  readonly book: SeriesBook;
  private readonly commits: CommitTracker = new Map();
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
    return snapshot && now - snapshot.at < this.intervalMs * 3 ? snapshot : undefined;
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
      const snapshot = await this.hooks.connector().snapshot();
      const figures = deriveCycle(this.book, snapshot, this.commits, { intervalMs: this.intervalMs });
      this.latest = figures;
      this.latestSnapshot = snapshot;
      this.cycles++;
      this.lastCycleMs = performance.now() - started;
      this.hooks.onSuccess();
      this.bus.publish({
        cluster: this.config.id,
        t: figures.t,
        msgsPerSec: figures.msgsPerSec,
        bytesPerSec: figures.bytesPerSec,
        topics: [...figures.topics.values()].map(({ name, msgsPerSec, bytesPerSec, messages }) => ({ name, msgsPerSec, bytesPerSec, messages })),
        consumers: [...figures.groups.values()].map(({ group, lag, lagSeconds, lagSecondsAtLeast, status, reason, drainSeconds, consumeRate }) => ({
          group,
          lag,
          lagSeconds,
          ...(lagSecondsAtLeast ? { lagSecondsAtLeast: true } : {}),
          status,
          reason,
          drainSeconds,
          consumeRate,
        })),
      });
      await this.hooks.onCycle?.(figures, this.book);
      return figures;
    } catch (error) {
      this.hooks.onFailure(error);
      return undefined;
    }
  }
}
