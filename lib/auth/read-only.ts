import "server-only";
import { DomainError } from "@/lib/errors";
import { getDb } from "@/lib/db";

// Read-only mode: a console-wide switch (Setting "readOnly") and one per cluster
// (Setting "readOnly:<clusterId>"), both JSON booleans. While on, operator actions (requeue, replay,
// discard, reset, deletes) are refused with 403; admins can still manage clusters, users and the
// switch itself. Read on every check, not cached: several app instances may share the database.
const GLOBAL_KEY = "readOnly";
const CLUSTER_PREFIX = "readOnly:";

export interface ReadOnlyState {
  readOnly: boolean;
  /** Clusters switched to read-only on their own (only those that are on). */
  clusters: Record<string, boolean>;
}

function parseBoolean(text: string): boolean {
  try {
    return JSON.parse(text) === true;
  } catch {
    return false;
  }
}

export async function getReadOnlyState(): Promise<ReadOnlyState> {
  const db = await getDb();
  const rows = await db.setting.findMany({ where: { key: { startsWith: GLOBAL_KEY } } });
  const state: ReadOnlyState = { readOnly: false, clusters: {} };
  for (const row of rows) {
    if (row.key === GLOBAL_KEY) state.readOnly = parseBoolean(row.value);
    else if (row.key.startsWith(CLUSTER_PREFIX) && parseBoolean(row.value)) state.clusters[row.key.slice(CLUSTER_PREFIX.length)] = true;
  }
  return state;
}

export async function setReadOnly(change: { readOnly?: boolean; clusters?: Record<string, boolean> }): Promise<ReadOnlyState> {
  const db = await getDb();
  const writes: [string, boolean][] = [];
  if (change.readOnly !== undefined) writes.push([GLOBAL_KEY, change.readOnly]);
  for (const [cluster, on] of Object.entries(change.clusters ?? {})) writes.push([`${CLUSTER_PREFIX}${cluster}`, on]);
  await db.$transaction(
    writes.map(([key, on]) =>
      on
        ? db.setting.upsert({ where: { key }, create: { key, value: "true" }, update: { value: "true" } })
        : db.setting.deleteMany({ where: { key } }),
    ),
  );
  return getReadOnlyState();
}

export function readOnlyError(clusterId?: string): DomainError {
  const message = clusterId
    ? `Cluster "${clusterId}" is read-only: actions that change it are switched off. An admin can turn this off in Settings → Read-only mode.`
    : "Eventscope is in read-only mode: actions that change anything are switched off. An admin can turn this off in Settings → Read-only mode.";
  return new DomainError("forbidden", message, { reason: "read-only", ...(clusterId ? { cluster: clusterId } : {}) });
}

/**
 * Call at the start of every operator action (after authorize): throws a 403 when the console,
 * or the given cluster, is read-only.
 */
export async function assertWritable(clusterId?: string): Promise<void> {
  const db = await getDb();
  const keys = clusterId ? [GLOBAL_KEY, `${CLUSTER_PREFIX}${clusterId}`] : [GLOBAL_KEY];
  const rows = await db.setting.findMany({ where: { key: { in: keys } } });
  const on = (key: string) => rows.some((row) => row.key === key && parseBoolean(row.value));
  if (on(GLOBAL_KEY)) throw readOnlyError();
  if (clusterId && on(`${CLUSTER_PREFIX}${clusterId}`)) throw readOnlyError(clusterId);
}
