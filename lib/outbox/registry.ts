import "server-only";
import fs from "node:fs";
import { notFound } from "@/lib/errors";
import { configFilePath, loadConfig } from "@/lib/config/load-config";
import { OutboxSource } from "./outbox-source";
import type { OutboxSourceConfig } from "./source-schema";

interface RegistryState {
  sources: Map<string, { fingerprint: string; source: OutboxSource }>;
  config?: { file: string; mtimeMs: number; sources: OutboxSourceConfig[] };
}

// On globalThis: Next dev re-evaluates modules on change, and pools and history must outlive that.
const globalState = globalThis as typeof globalThis & { __eventscopeOutbox?: RegistryState };
const state: RegistryState = (globalState.__eventscopeOutbox ??= { sources: new Map() });

/** The `outbox` part of the config file, re-read when the file changes. */
export function listOutboxConfigs(): OutboxSourceConfig[] {
  const file = configFilePath();
  let mtimeMs = -1;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    // No file: loadConfig decides (empty config, or an error when EVENTSCOPE_CONFIG names it).
  }
  if (state.config?.file !== file || state.config.mtimeMs !== mtimeMs) {
    state.config = { file, mtimeMs, sources: loadConfig().outbox ?? [] };
  }
  return state.config.sources;
}

/** One OutboxSource per config entry (a changed entry gets a new one, and the old pool is closed). */
function sourceFor(config: OutboxSourceConfig): OutboxSource {
  const fingerprint = JSON.stringify(config);
  const cached = state.sources.get(config.id);
  if (cached?.fingerprint === fingerprint) return cached.source;
  if (cached) void cached.source.close();
  const source = new OutboxSource(config);
  state.sources.set(config.id, { fingerprint, source });
  return source;
}

export function listOutboxSources(): OutboxSource[] {
  const configs = listOutboxConfigs();
  const ids = new Set(configs.map((config) => config.id));
  for (const [id, cached] of state.sources) {
    if (!ids.has(id)) {
      state.sources.delete(id);
      void cached.source.close();
    }
  }
  return configs.map(sourceFor);
}

/** The source with this id; 404 when there is none. */
export function getOutboxSource(id: string): OutboxSource {
  const config = listOutboxConfigs().find((candidate) => candidate.id === id);
  if (!config) throw notFound(`outbox source "${id}"`);
  return sourceFor(config);
}

/** Closes every pool (tests, shutdown). */
export async function closeOutboxSources(): Promise<void> {
  const sources = [...state.sources.values()];
  state.sources.clear();
  await Promise.all(sources.map(({ source }) => source.close()));
}
