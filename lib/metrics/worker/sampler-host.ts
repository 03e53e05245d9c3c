import "server-only";
import { Worker } from "node:worker_threads";
import { AppError } from "@/lib/api/errors";
import { reportClusterOutcome } from "@/lib/clusters/registry";
import type { ClusterSnapshot } from "@/lib/brokers/types";
import type { ClusterConfig } from "@/lib/config/schema";
import type { CycleFigures } from "../derive-cycle";
import type { LagPoint, RatePoint } from "../history";
import type { HistoryAnswer, HistoryQuery } from "../history-query";
import type { LiveBus } from "../live-bus";
import type { ProcessFigures } from "../prometheus";
import { runInSlices } from "@/lib/event-loop/run-in-slices";
import { liveEventSteps, DEFAULT_INTERVAL_MS } from "../sampler";
import { isFresh, type SamplerView } from "../sampler-view";
import { decodeCycleSteps, type Scope, type ScopedCycle, type TransferredCycle } from "./cycle-transfer";
import type { FromWorker, ToWorker } from "./protocol";

// The HTTP thread's side of the sampler worker (sampler-worker.ts). It keeps, per cluster, a mirror
// of the latest cycle (WorkerSampler: headline figures and snapshot; a group's partitions are asked
// for, cycle-transfer.ts),
// feeds the live stream and the cluster status from each cycle's message, and forwards history and
// /api/metrics questions to the worker. A worker that dies is started again with the same clusters.

/** A cluster sampled in the worker, as the routes see it. */
export class WorkerSampler implements SamplerView {
  readonly intervalMs: number;
  latest: CycleFigures | undefined;
  latestSnapshot: ClusterSnapshot | undefined;
  lastCycleMs: number | undefined;
  cycles = 0;

  constructor(
    readonly config: ClusterConfig,
    private readonly host: SamplerHost,
  ) {
    this.intervalMs = config.samplingIntervalMs ?? DEFAULT_INTERVAL_MS;
  }

  freshSnapshot(now = Date.now()): ClusterSnapshot | undefined {
    return isFresh(this.latestSnapshot, this.intervalMs, now) ? this.latestSnapshot : undefined;
  }

  history(query: HistoryQuery): Promise<HistoryAnswer<RatePoint | LagPoint>> {
    return this.host.request({ type: "history", cluster: this.config.id, query }) as Promise<HistoryAnswer<RatePoint | LagPoint>>;
  }

  scoped(scope: Scope): Promise<ScopedCycle | undefined> {
    return this.host.request({ type: "scoped", cluster: this.config.id, scope }) as Promise<ScopedCycle | undefined>;
  }

  stop(): void {
    this.host.forget(this.config.id);
  }
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export interface HostHooks {
  bus: LiveBus;
  /** After each cycle's figures are in the mirror (history minutes to the database). */
  onCycle?: (clusterId: string, figures: CycleFigures) => Promise<void> | void;
}

export class SamplerHost {
  private worker: Worker | undefined;
  private readonly samplers = new Map<string, { fingerprint: string; sampler: WorkerSampler }>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped = false;
  /** Cycles are taken in one at a time, each in slices (see take). */
  private taking: Promise<void> = Promise.resolve();

  constructor(
    private readonly script: string,
    private readonly hooks: HostHooks,
  ) {
    this.spawn();
  }

  /** Samples exactly these clusters (a changed configuration starts afresh); returns their mirrors. */
  sync(configs: ClusterConfig[]): Map<string, WorkerSampler> {
    const wanted = new Map(configs.map((config) => [config.id, JSON.stringify(config)]));
    for (const [id, entry] of this.samplers) if (wanted.get(id) !== entry.fingerprint) this.samplers.delete(id);
    for (const config of configs) {
      if (!this.samplers.has(config.id)) this.samplers.set(config.id, { fingerprint: wanted.get(config.id)!, sampler: new WorkerSampler(config, this) });
    }
    this.post({ type: "sync", clusters: configs });
    return new Map([...this.samplers].map(([id, entry]) => [id, entry.sampler]));
  }

  forget(clusterId: string): void {
    if (!this.samplers.delete(clusterId)) return;
    this.post({ type: "sync", clusters: [...this.samplers.values()].map((entry) => entry.sampler.config) });
  }

  /** The Prometheus text of every cluster sampled in the worker. */
  metrics(up: Record<string, boolean>, server: ProcessFigures): Promise<string> {
    return this.request({ type: "metrics", up, server }) as Promise<string>;
  }

  request(message: DistributiveOmit<Extract<ToWorker, { id: number }>, "id">): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ ...message, id } as ToWorker);
    });
  }

  stop(): void {
    this.stopped = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private spawn(): void {
    const worker = new Worker(this.script, { name: "eventscope-sampler" });
    // The server's own handles keep it running; the worker alone must not (tests, scripts).
    worker.unref();
    this.worker = worker;
    worker.on("message", (message: FromWorker) => this.receive(message));
    worker.on("error", (error) => console.error("[eventscope] sampler worker failed:", error));
    worker.on("exit", (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const { reject } of this.pending.values()) reject(new AppError("broker-unavailable", "the sampler worker stopped; try again"));
      this.pending.clear();
      if (this.stopped) return;
      console.error(`[eventscope] sampler worker exited (code ${code}); starting it again in 5 s`);
      setTimeout(() => {
        if (this.stopped) return;
        this.spawn();
        this.post({ type: "sync", clusters: [...this.samplers.values()].map((entry) => entry.sampler.config) });
      }, 5_000).unref();
    });
  }

  private receive(message: FromWorker): void {
    if (message.type === "reply") {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) pending?.reject(new AppError("broker-unavailable", message.error));
      else pending?.resolve(message.result);
      return;
    }
    const entry = this.samplers.get(message.cluster);
    // A message about a configuration that has since changed or gone says nothing about the current one.
    if (!entry || entry.fingerprint !== message.fingerprint) return;
    if (message.type === "failure") {
      reportClusterOutcome(message.cluster, new AppError("broker-unavailable", message.message));
      return;
    }
    const { cluster, cycle, cycleMs, cycles } = message;
    this.taking = this.taking.then(() => this.take(entry.sampler, cluster, cycle, cycleMs, cycles)).catch((error) => console.error("[eventscope] could not take a sampling cycle:", error));
  }

  /**
   * Puts a cycle in the mirror and tells the live stream, in slices of a few milliseconds: even the
   * headline figures of 3,000 topics and groups would otherwise hold requests for tens of
   * milliseconds on a loaded machine. The mirror changes at once, when the cycle is whole.
   */
  private async take(sampler: WorkerSampler, cluster: string, cycle: TransferredCycle, cycleMs: number, cycles: number): Promise<void> {
    const { figures, snapshot } = await runInSlices(decodeCycleSteps(cycle), SLICE_MS);
    if (this.samplers.get(cluster)?.sampler !== sampler) return;
    sampler.latest = figures;
    sampler.latestSnapshot = snapshot;
    sampler.lastCycleMs = cycleMs;
    sampler.cycles = cycles;
    reportClusterOutcome(cluster);
    this.hooks.bus.publish(await runInSlices(liveEventSteps(cluster, figures), SLICE_MS));
    // Not awaited: a slow database must not hold back the next cycle's figures.
    void Promise.resolve(this.hooks.onCycle?.(cluster, figures)).catch(() => undefined);
  }
}

/** Shorter than the sampler's own slices: here every slice is on the HTTP thread's critical path. */
const SLICE_MS = 4;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
