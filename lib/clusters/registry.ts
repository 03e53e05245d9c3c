import "server-only";
import { DomainError, isDomainError, notFound } from "@/lib/errors";
import { newConnector } from "@/lib/brokers/connectors";
import type { BrokerConnector } from "@/lib/brokers/types";
import { loadConfig } from "@/lib/config/load-config";
import type { ClusterConfig } from "@/lib/config/schema";
import { noteChangesOf } from "./cluster-changes";
import { isStatusFresh, shouldFailFast, type StatusRecord } from "./cluster-status";
import { listStoredClusters } from "./stored-clusters";

export type ClusterSource = "file" | "database";

export interface ClusterEntry {
  config: ClusterConfig;
  source: ClusterSource;
}

interface RegistryState {
  connectors: Map<string, { fingerprint: string; connector: BrokerConnector }>;
  /** The samplers' own connections (see samplingConnectorFor). */
  samplingConnectors?: Map<string, { fingerprint: string; connector: BrokerConnector }>;
  statuses: Map<string, StatusRecord>;
  checks: Map<string, Promise<StatusRecord>>;
  fileClusters?: ClusterConfig[];
}

// Kept on globalThis: Next.js dev reloads modules, and connections must outlive a reload.
const globalState = globalThis as typeof globalThis & { __eventscopeRegistry?: RegistryState };
const state: RegistryState = (globalState.__eventscopeRegistry ??= {
  connectors: new Map(),
  statuses: new Map(),
  checks: new Map(),
});

function fileClusters(): ClusterConfig[] {
  state.fileClusters ??= loadConfig().clusters;
  return state.fileClusters;
}

/** File clusters first; a database cluster cannot shadow a file one. */
export async function listClusters(): Promise<ClusterEntry[]> {
  const fromFile = fileClusters().map((config) => ({ config, source: "file" as const }));
  const taken = new Set(fromFile.map((entry) => entry.config.id));
  const fromDb = (await listStoredClusters())
    .filter((config) => !taken.has(config.id))
    .map((config) => ({ config, source: "database" as const }));
  return [...fromFile, ...fromDb];
}

export async function getCluster(id: string): Promise<ClusterEntry> {
  const entry = (await listClusters()).find((candidate) => candidate.config.id === id);
  if (!entry) throw notFound(`cluster "${id}"`);
  return entry;
}

export function isFileCluster(id: string): boolean {
  return fileClusters().some((config) => config.id === id);
}

/** The connector routes and jobs use; what it changes on the broker is noted (cluster-changes.ts). */
export function connectorFor(config: ClusterConfig): BrokerConnector {
  const fingerprint = JSON.stringify(config);
  const cached = state.connectors.get(config.id);
  if (cached?.fingerprint === fingerprint) return cached.connector;
  if (cached) void cached.connector.close();
  const connector = noteChangesOf(config.id, newConnector(config));
  state.connectors.set(config.id, { fingerprint, connector });
  state.statuses.delete(config.id);
  return connector;
}

/**
 * The sampler's connector: its own connections, so that a request never queues behind a sampling
 * cycle's big requests (a broker answers one connection's requests one at a time, in order: a topic
 * listing sent on the sampler's connection waited for the cycle's ListOffsets of every partition
 * and OffsetFetch of every group, seconds at 10,000 partitions, most visibly on the first request
 * after a start).
 */
export function samplingConnectorFor(config: ClusterConfig): BrokerConnector {
  const connectors = (state.samplingConnectors ??= new Map());
  const fingerprint = JSON.stringify(config);
  const cached = connectors.get(config.id);
  if (cached?.fingerprint === fingerprint) return cached.connector;
  if (cached) void cached.connector.close();
  const connector = newConnector(config);
  // Stamped with when it began, so listings know which changes a snapshot has seen (snapshot-listings.ts).
  const snapshot = connector.snapshot.bind(connector);
  connector.snapshot = async () => {
    const startedAt = Date.now();
    return { ...(await snapshot()), startedAt };
  };
  connectors.set(config.id, { fingerprint, connector });
  return connector;
}

/** Drops the connections of a cluster that was edited or removed. */
export async function forgetCluster(id: string): Promise<void> {
  const cached = state.connectors.get(id);
  const sampling = state.samplingConnectors?.get(id);
  state.connectors.delete(id);
  state.samplingConnectors?.delete(id);
  state.statuses.delete(id);
  await Promise.all([cached?.connector.close(), sampling?.connector.close()]);
}

/** The sampler reports what each cycle found, so statuses stay fresh without extra health checks. */
export function reportClusterOutcome(id: string, error?: unknown): void {
  if (error === undefined) record(id, { status: "up", checkedAt: Date.now() });
  else record(id, { status: "down", error: isDomainError(error) ? error.message : String(error), checkedAt: Date.now() });
}

function record(id: string, status: StatusRecord): StatusRecord {
  state.statuses.set(id, status);
  return status;
}

/** The cluster's status, checked at most every few seconds however many requests ask. */
export async function clusterStatus(config: ClusterConfig): Promise<StatusRecord> {
  const known = state.statuses.get(config.id);
  if (isStatusFresh(known, Date.now())) return known!;
  let check = state.checks.get(config.id);
  if (!check) {
    check = connectorFor(config)
      .checkHealth()
      .then(
        () => record(config.id, { status: "up", checkedAt: Date.now() }),
        (error: unknown) =>
          record(config.id, {
            status: "down",
            error: isDomainError(error) ? error.message : String(error),
            checkedAt: Date.now(),
          }),
      )
      .finally(() => state.checks.delete(config.id));
    state.checks.set(config.id, check);
  }
  return check;
}

/**
 * Runs a broker call for a cluster: 404 for an unknown id, a quick 503 while the cluster is known to
 * be down, and the outcome of every call feeds the cluster's status.
 */
export async function withConnector<T>(id: string, work: (connector: BrokerConnector, entry: ClusterEntry) => Promise<T>): Promise<T> {
  const entry = await getCluster(id);
  const known = state.statuses.get(id);
  if (shouldFailFast(known, Date.now())) throw new DomainError("broker-unavailable", known!.error ?? "cluster is down");
  try {
    const result = await work(connectorFor(entry.config), entry);
    record(id, { status: "up", checkedAt: Date.now() });
    return result;
  } catch (error) {
    if (isDomainError(error) && error.code === "broker-unavailable") {
      record(id, { status: "down", error: error.message, checkedAt: Date.now() });
    }
    throw error;
  }
}
