import "server-only";
// The configured metrics sources and their samplers: one sampler per source, made from the config
// file (re-read when it changes), started in the background (instrumentation.ts) or on first read.
import fs from "node:fs";
import { notFound } from "@/lib/errors";
import { configFilePath, loadConfig } from "@/lib/config/load-config";
import { allSamplers } from "@/lib/metrics/samplers";
import { isServerless } from "@/lib/runtime-mode";
import type { MetricsSourceConfig } from "./config-schema";
import { dbOutcomeHistory } from "./outcome-history";
import { MetricsSourceSampler } from "./source-sampler";
import { sourceDetail, summarizeSource, type KnownTopics } from "./summarize-source";
import { placesOfHits, processingOutcomesFor } from "./trace-outcomes";
import type { MetricsSourceDetail, MetricsSourceSummary, TraceProcessingOutcome } from "./types";

interface RegistryState {
  samplers: Map<string, { fingerprint: string; sampler: MetricsSourceSampler }>;
  config?: { file: string; mtimeMs: number; sources: MetricsSourceConfig[] };
}

// On globalThis: Next dev re-evaluates modules on change, and the timers must not be doubled.
const globalState = globalThis as typeof globalThis & { __eventscopeMetricsSources?: RegistryState };
const state: RegistryState = (globalState.__eventscopeMetricsSources ??= { samplers: new Map() });

/** A first read waits this long for a source's first scrape, so a page opened at start shows figures; a hung endpoint shows "pending". */
const FIRST_SCRAPE_WAIT_MS = 1_500;

function configuredSources(): MetricsSourceConfig[] {
  const file = configFilePath();
  let mtimeMs = -1;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    // No file: loadConfig decides (empty config, or an error when EVENTSCOPE_CONFIG names it).
  }
  if (state.config?.file === file && state.config.mtimeMs === mtimeMs) return state.config.sources;
  state.config = { file, mtimeMs, sources: loadConfig().metrics ?? [] };
  return state.config.sources;
}

/** Brings the samplers in line with the config: new ones started, changed ones replaced, removed ones stopped. */
export function syncMetricsSources(): MetricsSourceSampler[] {
  const configs = configuredSources();
  const wanted = new Set(configs.map((config) => config.id));
  for (const [id, entry] of state.samplers) {
    if (!wanted.has(id)) {
      entry.sampler.stop();
      state.samplers.delete(id);
    }
  }
  return configs.map((config) => {
    const fingerprint = JSON.stringify(config);
    const existing = state.samplers.get(config.id);
    if (existing?.fingerprint === fingerprint) return existing.sampler;
    existing?.sampler.stop();
    const sampler = new MetricsSourceSampler(config, dbOutcomeHistory);
    state.samplers.set(config.id, { fingerprint, sampler });
    // Serverless: nothing may run between requests; reads scrape instead (readySampler).
    if (!isServerless()) sampler.start();
    return sampler;
  });
}

async function readySampler(sampler: MetricsSourceSampler): Promise<void> {
  const due = !sampler.lastAttempt || (isServerless() && Date.now() - sampler.lastAttempt.at >= sampler.intervalMs);
  if (!due) return;
  await Promise.race([sampler.scrapeOnce(), new Promise((resolve) => setTimeout(resolve, FIRST_SCRAPE_WAIT_MS).unref())]);
}

/** Topic names per cluster from the clusters' samplers (no broker request). */
function knownTopics(): KnownTopics {
  const topics = new Map<string, string[]>();
  for (const sampler of allSamplers()) {
    const snapshot = sampler.latestSnapshot;
    if (snapshot) topics.set(sampler.config.id, snapshot.topics.map((topic) => topic.name));
  }
  return topics;
}

export async function listMetricsSources(): Promise<MetricsSourceSummary[]> {
  const samplers = syncMetricsSources();
  await Promise.all(samplers.map(readySampler));
  const topics = knownTopics();
  const now = Date.now();
  return samplers.map((sampler) => summarizeSource(stateOf(sampler), now, topics));
}

export async function getMetricsSource(id: string): Promise<MetricsSourceDetail> {
  const sampler = syncMetricsSources().find((candidate) => candidate.config.id === id);
  if (!sampler) throw notFound(`metrics source "${id}"`);
  await readySampler(sampler);
  return sourceDetail(stateOf(sampler), Date.now(), knownTopics());
}

/**
 * The processing outcomes beside an event's trace, from the figures the samplers already hold (no
 * scrape is waited for: a trace must not hang on a slow endpoint).
 */
export function processingOutcomesOfHits(hits: Parameters<typeof placesOfHits>[0]): TraceProcessingOutcome[] {
  const places = placesOfHits(hits);
  if (places.length === 0) return [];
  const samplers = syncMetricsSources();
  if (samplers.length === 0) return [];
  const topics = knownTopics();
  const now = Date.now();
  return processingOutcomesFor(places, samplers.map((sampler) => summarizeSource(stateOf(sampler), now, topics)));
}

function stateOf(sampler: MetricsSourceSampler) {
  return {
    config: sampler.config,
    counter: sampler.counter,
    intervalMs: sampler.intervalMs,
    points: sampler.points,
    lastAttempt: sampler.lastAttempt,
    lastSuccessAt: sampler.lastSuccessAt,
    lastParsed: sampler.lastParsed,
  };
}

/** Stops every sampler (tests, shutdown). */
export function stopMetricsSources(): void {
  for (const { sampler } of state.samplers.values()) sampler.stop();
  state.samplers.clear();
  state.config = undefined;
}
