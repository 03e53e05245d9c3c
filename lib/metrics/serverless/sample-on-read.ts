import "server-only";
import type { BrokerConnector, ClusterSnapshot } from "@/lib/brokers/types";
import { connectorFor, getCluster, listClusters, reportClusterOutcome } from "@/lib/clusters/registry";
import type { ClusterConfig } from "@/lib/config/schema";
import { isServerless } from "@/lib/runtime-mode";
import { persistMinute } from "../history-store";
import { LiveBus } from "../live-bus";
import { ClusterSampler } from "../sampler";
import { adoptSampler, samplerFor, stopSamplers } from "../samplers";
import { releaseLease, tryTakeLease } from "@/lib/serverless/lease";
import { newestRawSampleAt, rawSamplesAfter, storeRawSample } from "./raw-sample-store";
import { FULL_REPLAY_SAMPLES, replayLogEnds } from "./replay-log-ends";

// Serverless mode: no sampler runs in the background, so a route that shows metrics calls
// sampleOnRead(cluster) first. The cluster's sampler (the same ClusterSampler and derivation as on a
// server, never started) is brought up to date from the snapshots stored in the database, and when
// the newest is older than the sampling interval, ONE instance takes a fresh snapshot (a lease in the
// database), stores it, and writes the minute history. Requests in one instance share one refresh.
//
// Rates and lag seconds therefore come from stored snapshots: a cold instance replays them (at most
// a dozen recent ones and one a minute back to an hour, raw-sample-retention.ts): the older ones
// give their log ends, the newest go through the derivation (replay-log-ends.ts), and it arrives at
// the figures of the instance that took them.

/** How long a sampling lease lasts if its holder dies mid-way; released as soon as it is done. */
const SAMPLE_LEASE_MS = 30_000;

export type RefreshOutcome =
  /** This call took a new snapshot and stored it. */
  | "sampled"
  /** The stored snapshot was recent enough (or this instance had it already). */
  | "fresh"
  /** Another instance is taking the snapshot; the stored ones were used. */
  | "busy"
  /** The broker could not be read (the cluster is reported down). */
  | "failed";

interface FedSampler {
  sampler: ClusterSampler;
  /** Set while replaying: what the sampler's "connector" hands out instead of asking the broker. */
  replaying: ClusterSnapshot | undefined;
  /** Time of the newest snapshot the sampler has derived (stored or taken here). */
  newestT: number;
}

interface State {
  fed: Map<string, FedSampler>;
  refreshing: Map<string, Promise<RefreshOutcome>>;
}

const globalState = globalThis as typeof globalThis & { __eventscopeServerless?: State };
const state: State = (globalState.__eventscopeServerless ??= { fed: new Map(), refreshing: new Map() });

/**
 * Brings the cluster's metrics up to date before a read, in serverless mode; does nothing on a
 * server (its sampler runs by itself) or for an unknown cluster (the route answers 404 itself).
 * Never throws: a read shows what is known rather than failing because history could not be stored.
 */
export async function sampleOnRead(clusterId: string): Promise<RefreshOutcome | undefined> {
  if (!isServerless()) return undefined;
  let config: ClusterConfig;
  try {
    config = (await getCluster(clusterId)).config;
  } catch {
    return undefined;
  }
  return refreshShared(config);
}

/** sampleOnRead for every cluster (the overview, the cron route), in parallel. */
export async function sampleAllOnRead(): Promise<{ id: string; outcome: RefreshOutcome }[]> {
  if (!isServerless()) return [];
  const clusters = await listClusters();
  return Promise.all(clusters.map(async ({ config }) => ({ id: config.id, outcome: await refreshShared(config) })));
}

/** Forgets this instance's samplers, as a cold start would (tests). */
export function forgetInstanceState(): void {
  state.fed.clear();
  state.refreshing.clear();
  stopSamplers();
}

function refreshShared(config: ClusterConfig): Promise<RefreshOutcome> {
  let pending = state.refreshing.get(config.id);
  if (!pending) {
    pending = refresh(config)
      .catch((error: unknown) => {
        console.warn(`[eventscope] ${config.id}: sampling on read failed:`, (error as Error)?.message ?? error);
        return "failed" as const;
      })
      .finally(() => state.refreshing.delete(config.id));
    state.refreshing.set(config.id, pending);
  }
  return pending;
}

async function refresh(config: ClusterConfig): Promise<RefreshOutcome> {
  const fed = fedSamplerFor(config);
  const interval = fed.sampler.intervalMs;
  let newest = await catchUp(fed, config.id);
  if (newest !== null && Date.now() - newest < interval) return "fresh";

  const key = `sample:${config.id}`;
  if (!(await tryTakeLease(key, SAMPLE_LEASE_MS))) return "busy";
  let release = true;
  try {
    // Another instance may have stored one between our look and our lease.
    newest = await catchUp(fed, config.id);
    if (newest !== null && Date.now() - newest < interval) return "fresh";
    const figures = await fed.sampler.sampleOnce();
    const snapshot = fed.sampler.latestSnapshot;
    if (!figures || !snapshot || snapshot.at !== figures.t) {
      // A broker that cannot be read: keep the lease for its full term, so that the instances do
      // not all wait on the same unreachable broker at every request.
      release = false;
      return "failed";
    }
    fed.newestT = figures.t;
    await storeRawSample(config.id, snapshot);
    try {
      await persistMinute(config.id, figures);
    } catch (error) {
      console.warn(`[eventscope] ${config.id}: could not store history:`, (error as Error).message);
    }
    return "sampled";
  } finally {
    if (release) await releaseLease(key).catch(() => undefined);
  }
}

/** Replays the stored snapshots this instance has not derived yet; returns the newest stored time. */
async function catchUp(fed: FedSampler, clusterId: string): Promise<number | null> {
  const newest = await newestRawSampleAt(clusterId);
  if (newest === null || newest <= fed.newestT) return newest;
  const snapshots = await rawSamplesAfter(clusterId, Number.isFinite(fed.newestT) ? fed.newestT : undefined);
  // Older snapshots only lend their log ends (for lag seconds); the newest are derived in full.
  const logEndsOnly = Math.max(0, snapshots.length - FULL_REPLAY_SAMPLES);
  snapshots.slice(0, logEndsOnly).forEach((snapshot) => replayLogEnds(fed.sampler.book, snapshot));
  for (const snapshot of snapshots.slice(logEndsOnly)) {
    fed.replaying = snapshot;
    try {
      await fed.sampler.sampleOnce();
    } finally {
      fed.replaying = undefined;
    }
    fed.newestT = snapshot.at;
  }
  return newest;
}

function fedSamplerFor(config: ClusterConfig): FedSampler {
  // The sampler registry decides whether this instance's sampler still fits the configuration: it
  // drops a removed cluster's and keeps the configuration each was made for (lib/metrics/samplers.ts).
  const known = state.fed.get(config.id);
  if (known && samplerFor(config) === known.sampler) return known;
  const fed: FedSampler = { sampler: undefined as unknown as ClusterSampler, replaying: undefined, newestT: Number.NEGATIVE_INFINITY };
  // Replaying hands the stored snapshot to the sampler as if a broker had returned it; only
  // snapshot() is ever called on the sampler's connector.
  const replayConnector = { snapshot: async () => fed.replaying! } as unknown as BrokerConnector;
  fed.sampler = new ClusterSampler(config, new LiveBus(1), {
    connector: () => (fed.replaying ? replayConnector : connectorFor(config)),
    // A replayed snapshot says nothing about the broker now; only real reads report its status.
    onSuccess: () => {
      if (!fed.replaying) reportClusterOutcome(config.id);
    },
    onFailure: (error) => {
      if (!fed.replaying) reportClusterOutcome(config.id, error);
    },
  });
  state.fed.set(config.id, fed);
  adoptSampler(config, fed.sampler);
  return fed;
}
