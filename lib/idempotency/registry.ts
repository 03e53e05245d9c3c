import "server-only";
import fs from "node:fs";
import { notFound } from "@/lib/errors";
import { configFilePath, loadConfig } from "@/lib/config/load-config";
import type { EventIdRule, IdempotencyStoreConfig } from "@/lib/config/schema";
import { PostgresIdempotencyStore } from "./postgres/postgres-store";
import { RedisIdempotencyStore } from "./redis/redis-store";
import type { IdempotencyStore } from "./store";

interface RegistryState {
  stores: Map<string, { fingerprint: string; store: IdempotencyStore }>;
  config?: { file: string; mtimeMs: number; stores: IdempotencyStoreConfig[]; rules: EventIdRule[] };
}

// On globalThis: Next dev re-evaluates modules on change, and connections must outlive that.
const globalState = globalThis as typeof globalThis & { __eventscopeIdempotency?: RegistryState };
const state: RegistryState = (globalState.__eventscopeIdempotency ??= { stores: new Map() });

/** The idempotency part of the config file, re-read when the file changes. */
function currentConfig(): NonNullable<RegistryState["config"]> {
  const file = configFilePath();
  let mtimeMs = -1;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    // No file: loadConfig decides (empty config, or an error when EVENTSCOPE_CONFIG names it).
  }
  if (state.config?.file === file && state.config.mtimeMs === mtimeMs) return state.config;
  const config = loadConfig();
  state.config = { file, mtimeMs, stores: config.idempotency, rules: config.eventIds ?? [] };
  return state.config;
}

export function listStoreConfigs(): IdempotencyStoreConfig[] {
  return currentConfig().stores;
}

export function eventIdRules(): EventIdRule[] {
  return currentConfig().rules;
}

/** The store's client, created on first use (one per store, whatever the number of requests). */
function storeFor(config: IdempotencyStoreConfig): IdempotencyStore {
  const fingerprint = JSON.stringify(config);
  const cached = state.stores.get(config.id);
  if (cached?.fingerprint === fingerprint) return cached.store;
  if (cached) void cached.store.close();
  const store = config.kind === "redis" ? new RedisIdempotencyStore(config) : new PostgresIdempotencyStore(config);
  state.stores.set(config.id, { fingerprint, store });
  return store;
}

export function listStores(): IdempotencyStore[] {
  const configs = listStoreConfigs();
  const ids = new Set(configs.map((config) => config.id));
  for (const [id, cached] of state.stores) {
    if (!ids.has(id)) {
      state.stores.delete(id);
      void cached.store.close();
    }
  }
  return configs.map(storeFor);
}

/** The store with this id; 404 when there is none. */
export function getStore(id: string): IdempotencyStore {
  const config = listStoreConfigs().find((candidate) => candidate.id === id);
  if (!config) throw notFound(`idempotency store "${id}"`);
  return storeFor(config);
}

/** Closes every store client (tests, shutdown). */
export async function closeStores(): Promise<void> {
  const stores = [...state.stores.values()];
  state.stores.clear();
  await Promise.all(stores.map(({ store }) => store.close()));
}
