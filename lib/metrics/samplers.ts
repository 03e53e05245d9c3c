import "server-only";
import { connectorFor, listClusters, reportClusterOutcome } from "@/lib/clusters/registry";
import type { ClusterConfig } from "@/lib/config/schema";
import { isServerless } from "@/lib/runtime-mode";
import { ADVISORY_STREAM, ADVISORY_SUBJECTS } from "@/lib/dlq/dlq-kinds";
import { persistMinute } from "./history-store";
import { LiveBus } from "./live-bus";
import { ClusterSampler } from "./sampler";

interface SamplerState {
  samplers: Map<string, { fingerprint: string; sampler: ClusterSampler }>;
  bus: LiveBus;
}

// On globalThis so that Next.js dev reloads (which re-run instrumentation) never start a second set.
const globalState = globalThis as typeof globalThis & { __eventscopeSamplers?: SamplerState };
const state: SamplerState = (globalState.__eventscopeSamplers ??= { samplers: new Map(), bus: new LiveBus() });

export const liveBus = () => state.bus;

export function getSampler(clusterId: string): ClusterSampler | undefined {
  return state.samplers.get(clusterId)?.sampler;
}

/** The cluster's sampler if it was made for exactly this configuration, else undefined. */
export function samplerFor(config: ClusterConfig): ClusterSampler | undefined {
  const existing = state.samplers.get(config.id);
  return existing?.fingerprint === JSON.stringify(config) ? existing.sampler : undefined;
}

function startSampler(config: ClusterConfig): ClusterSampler {
  const fingerprint = JSON.stringify(config);
  const existing = state.samplers.get(config.id);
  if (existing?.fingerprint === fingerprint) return existing.sampler;
  existing?.sampler.stop();
  const sampler = new ClusterSampler(config, state.bus, {
    connector: () => connectorFor(config),
    onSuccess: () => reportClusterOutcome(config.id),
    onFailure: (error) => reportClusterOutcome(config.id, error),
    onCycle: async (figures) => {
      try {
        await persistMinute(config.id, figures);
      } catch (error) {
        // History is a convenience; a database hiccup must not stop live sampling.
        console.warn(`[eventscope] ${config.id}: could not store history:`, (error as Error).message);
      }
    },
  });
  state.samplers.set(config.id, { fingerprint, sampler });
  sampler.start();
  // Advisories are only kept from the moment the capture stream exists: create it as early as possible.
  void connectorFor(config)
    .captureDeliveryAdvisories?.(ADVISORY_STREAM, ADVISORY_SUBJECTS)
    .catch((error) => console.warn(`[eventscope] ${config.id}: cannot capture delivery advisories yet:`, error?.message ?? error));
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
  for (const { config } of clusters) startSampler(config);
}

export function stopSamplers(): void {
  for (const { sampler } of state.samplers.values()) sampler.stop();
  state.samplers.clear();
}

export function allSamplers(): ClusterSampler[] {
  return [...state.samplers.values()].map((entry) => entry.sampler);
}
