import "server-only";
import { connectorFor, listClusters, reportClusterOutcome, samplingConnectorFor } from "@/lib/clusters/registry";
import type { ClusterConfig } from "@/lib/config/schema";
import { isServerless } from "@/lib/runtime-mode";
import { ADVISORY_STREAM, ADVISORY_SUBJECTS } from "@/lib/dlq/dlq-kinds";
import { persistMinute } from "./history-store";
import { LiveBus } from "./live-bus";
import { ClusterSampler } from "./sampler";
import type { SamplerView } from "./sampler-view";
import { SamplerHost } from "./worker/sampler-host";
import { samplerWorkerScript } from "./worker/worker-script";

interface SamplerState {
  samplers: Map<string, { fingerprint: string; sampler: SamplerView }>;
  bus: LiveBus;
  /** The sampler worker, once started (undefined: not yet, or sampling runs in this thread). */
  host?: Promise<SamplerHost | undefined>;
}

// On globalThis so that Next.js dev reloads (which re-run instrumentation) never start a second set.
const globalState = globalThis as typeof globalThis & { __eventscopeSamplers?: SamplerState };
const state: SamplerState = (globalState.__eventscopeSamplers ??= { samplers: new Map(), bus: new LiveBus() });

export const liveBus = () => state.bus;

export function getSampler(clusterId: string): SamplerView | undefined {
  return state.samplers.get(clusterId)?.sampler;
}

/** The cluster's sampler if it was made for exactly this configuration, else undefined. */
export function samplerFor(config: ClusterConfig): SamplerView | undefined {
  const existing = state.samplers.get(config.id);
  return existing?.fingerprint === JSON.stringify(config) ? existing.sampler : undefined;
}

async function persist(clusterId: string, figures: Parameters<typeof persistMinute>[1]): Promise<void> {
  try {
    await persistMinute(clusterId, figures);
  } catch (error) {
    // History is a convenience; a database hiccup must not stop live sampling.
    console.warn(`[eventscope] ${clusterId}: could not store history:`, (error as Error).message);
  }
}

/**
 * EVENTSCOPE_SAMPLER_WORKER=on: background sampling runs in a worker thread (lib/metrics/worker), so
 * that no cycle, and no garbage collection of one, runs on the HTTP thread. Not the default: on the
 * shared 2-core machine (load average 20-30) the production server answered worse with it than with
 * the in-thread sampler in slices (docs/benchmarks.md, 2026-12-07). Without it, or when the worker's
 * bundle is missing or cannot start, sampling runs in this thread, in slices.
 */
function samplerHost(): Promise<SamplerHost | undefined> {
  state.host ??= (async () => {
    if (process.env.EVENTSCOPE_SAMPLER_WORKER !== "on") return undefined;
    try {
      const script = await samplerWorkerScript();
      if (!script) {
        console.warn("[eventscope] the sampler worker's bundle (dist/sampler-worker.cjs) is missing: sampling in the server's own thread");
        return undefined;
      }
      return new SamplerHost(script, { bus: state.bus, onCycle: (clusterId, figures) => persist(clusterId, figures) });
    } catch (error) {
      console.warn("[eventscope] cannot start the sampler worker, sampling in the server's own thread:", (error as Error).message);
      return undefined;
    }
  })();
  return state.host;
}

function advertiseCapture(config: ClusterConfig): void {
  // Advisories are only kept from the moment the capture stream exists: create it as early as possible.
  void connectorFor(config)
    .captureDeliveryAdvisories?.(ADVISORY_STREAM, ADVISORY_SUBJECTS)
    .catch((error) => console.warn(`[eventscope] ${config.id}: cannot capture delivery advisories yet:`, error?.message ?? error));
}

function startSampler(config: ClusterConfig): SamplerView {
  const fingerprint = JSON.stringify(config);
  const existing = state.samplers.get(config.id);
  if (existing?.fingerprint === fingerprint) return existing.sampler;
  existing?.sampler.stop();
  const sampler = new ClusterSampler(config, state.bus, {
    connector: () => samplingConnectorFor(config),
    onSuccess: () => reportClusterOutcome(config.id),
    onFailure: (error) => reportClusterOutcome(config.id, error),
    onCycle: (figures) => persist(config.id, figures),
  });
  state.samplers.set(config.id, { fingerprint, sampler });
  sampler.start();
  advertiseCapture(config);
  return sampler;
}

/**
 * Serverless mode (lib/metrics/serverless/sample-on-read.ts): a sampler that is never started and is
 * fed on read, registered here so that the routes find it like any other.
 */
export function adoptSampler(config: ClusterConfig, sampler: ClusterSampler): void {
  const existing = state.samplers.get(config.id);
  if (existing && existing.sampler !== sampler) existing.sampler.stop();
  state.samplers.set(config.id, { fingerprint: JSON.stringify(config), sampler });
}

/**
 * Brings the running samplers in line with the configured clusters (file and database). In serverless
 * mode it only forgets removed clusters: nothing may run between requests there, and the samplers
 * are created and fed on read (lib/metrics/serverless/sample-on-read.ts), which also replaces one
 * whose configuration changed.
 */
export async function syncSamplers(): Promise<void> {
  const clusters = await listClusters();
  const wanted = new Set(clusters.map((entry) => entry.config.id));
  for (const [id, { sampler }] of state.samplers) {
    if (!wanted.has(id)) {
      sampler.stop();
      state.samplers.delete(id);
    }
  }
  if (isServerless()) return;
  const host = await samplerHost();
  if (!host) {
    for (const { config } of clusters) startSampler(config);
    return;
  }
  const configs = clusters.map((entry) => entry.config);
  const mirrors = host.sync(configs);
  for (const config of configs) {
    const fingerprint = JSON.stringify(config);
    if (state.samplers.get(config.id)?.fingerprint === fingerprint) continue;
    state.samplers.set(config.id, { fingerprint, sampler: mirrors.get(config.id)! });
    advertiseCapture(config);
  }
}

/** The sampler worker when background sampling runs in one (for /api/metrics). */
export async function samplerWorkerHost(): Promise<SamplerHost | undefined> {
  return state.host ? await state.host : undefined;
}

export function stopSamplers(): void {
  for (const { sampler } of state.samplers.values()) sampler.stop();
  state.samplers.clear();
  const host = state.host;
  state.host = undefined;
  void host?.then((started) => started?.stop());
}

export function allSamplers(): SamplerView[] {
  return [...state.samplers.values()].map((entry) => entry.sampler);
}
