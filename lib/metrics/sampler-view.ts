import type { ClusterSnapshot } from "@/lib/brokers/types";
import type { ClusterConfig } from "@/lib/config/schema";
import type { CycleFigures } from "./derive-cycle";
import type { HistoryAnswer, HistoryQuery } from "./history-query";
import type { LagPoint, RatePoint } from "./history";
import type { Scope, ScopedCycle } from "./worker/cycle-transfer";

/**
 * What routes read of a cluster's sampler, whether it runs in this thread (ClusterSampler: serverless
 * sampling on read, tests) or in the sampler worker (WorkerSampler, a mirror of each cycle's figures).
 * Figures and snapshot are read synchronously; the in-memory history is asked for.
 */
export interface SamplerView {
  readonly config: ClusterConfig;
  readonly intervalMs: number;
  readonly latest: CycleFigures | undefined;
  readonly latestSnapshot: ClusterSnapshot | undefined;
  readonly lastCycleMs: number | undefined;
  readonly cycles: number;
  /** The last snapshot if it is recent enough to answer listings without asking the broker. */
  freshSnapshot(now?: number): ClusterSnapshot | undefined;
  history(query: HistoryQuery): Promise<HistoryAnswer<RatePoint | LagPoint>>;
  /**
   * The latest cycle with everything per partition of one topic or group (a detail page). In the
   * worker's mirror, `latest` and `latestSnapshot` hold groups without their partitions.
   */
  scoped(scope: Scope): Promise<ScopedCycle | undefined>;
  stop(): void;
}

/** The sampler's own rule for a snapshot listings may answer from: under three intervals old. */
export function isFresh(snapshot: ClusterSnapshot | undefined, intervalMs: number, now = Date.now()): snapshot is ClusterSnapshot {
  return snapshot !== undefined && now - snapshot.at < intervalMs * 3;
}
