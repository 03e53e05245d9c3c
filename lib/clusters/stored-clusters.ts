import "server-only";
import { DomainError, notFound } from "@/lib/errors";
import { clusterConfigSchema, type ClusterConfig } from "@/lib/config/schema";
import { getDb, type Db } from "@/lib/db";
import { getSecretKey } from "@/lib/secrets/secret-key";
import { keepStoredSecrets, openClusterConfig, sealClusterConfig, type ClusterInput } from "./cluster-secrets";
import { SharedReload } from "./shared-reload";

// Clusters added through the console, one StoredCluster row each. The row keeps the whole config as
// JSON text (plus name and kind for listing); it is validated on the way in and again on the way out,
// since a row may predate a schema change or have been edited by hand. Credentials (SASL password,
// NATS token and password) are sealed with AES-256-GCM (lib/clusters/cluster-secrets.ts).

interface StoredClusterRow {
  id: string;
  name: string;
  kind: string;
  config: string;
}

/** Prisma's "unique constraint failed" / "record to update not found" codes (same for both databases). */
const UNIQUE_VIOLATION = "P2002";
const RECORD_NOT_FOUND = "P2025";

function prismaCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

function validate(config: unknown): ClusterConfig {
  const parsed = clusterConfigSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "config";
  throw new DomainError("invalid-input", `${field}: ${issue?.message ?? "invalid cluster config"}`, { field });
}

/** The config of a row, or null (logged, never thrown) when the row no longer validates. */
function fromRow(row: StoredClusterRow): ClusterConfig | null {
  let json: unknown;
  try {
    json = JSON.parse(row.config);
  } catch {
    console.warn(`[stored-clusters] skipping cluster "${row.id}": its config is not valid JSON`);
    return null;
  }
  if (json && typeof json === "object" && !Array.isArray(json)) {
    try {
      json = openClusterConfig(json as Record<string, unknown>, row.id, getSecretKey);
    } catch {
      console.warn(`[stored-clusters] skipping cluster "${row.id}": its credentials cannot be decrypted (was EVENTSCOPE_SECRET_KEY changed?)`);
      return null;
    }
  }
  const parsed = clusterConfigSchema.safeParse(json);
  if (!parsed.success) {
    // Paths and messages only: the config may hold passwords.
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "config"}: ${issue.message}`);
    console.warn(`[stored-clusters] skipping cluster "${row.id}": ${problems.join("; ")}`);
    return null;
  }
  if (parsed.data.id !== row.id || parsed.data.kind !== row.kind) {
    console.warn(`[stored-clusters] skipping cluster "${row.id}": its config has id "${parsed.data.id}" and kind "${parsed.data.kind}"`);
    return null;
  }
  return parsed.data;
}

function toRow(config: ClusterConfig) {
  return { name: config.name, kind: config.kind, config: JSON.stringify(sealClusterConfig(config, getSecretKey)) };
}

/**
 * How long the list of stored clusters is reused. Every API request needs it (lib/clusters/registry.ts
 * getCluster), and reading it was a query plus a decryption and validation per stored cluster: about
 * 0.85 ms of CPU per request with none stored (docs/benchmarks.md, load check). Changes made through
 * this module are seen at once (they invalidate it); rows another server instance writes to a shared
 * database are seen within this time.
 */
export const STORED_CLUSTERS_MAX_AGE_MS = 2_000;

// Per client: a test or a restart that opens another database must not see the previous one's list.
const storedLists = new WeakMap<Db, SharedReload<ClusterConfig[]>>();

function storedListOf(db: Db): SharedReload<ClusterConfig[]> {
  let list = storedLists.get(db);
  if (!list) {
    list = new SharedReload(async () => {
      const rows = await db.storedCluster.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      return rows.map(fromRow).filter((config): config is ClusterConfig => config !== null);
    }, STORED_CLUSTERS_MAX_AGE_MS);
    storedLists.set(db, list);
  }
  return list;
}

/** Runs a write to the stored clusters; whatever its outcome, the next list reads them again. */
async function changing<T>(db: Db, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } finally {
    storedListOf(db).invalidate();
  }
}

/** All stored clusters that still validate, oldest first (a copy of the shared list). */
export async function listStoredClusters(): Promise<ClusterConfig[]> {
  const db = await getDb();
  return [...(await storedListOf(db).get())];
}

/** The stored cluster, or null when there is none (or its row no longer validates). */
export async function getStoredCluster(id: string): Promise<ClusterConfig | null> {
  const db = await getDb();
  const row = await db.storedCluster.findUnique({ where: { id } });
  return row ? fromRow(row) : null;
}

/** Stores a new cluster; DomainError "conflict" when the id is taken. */
export async function createStoredCluster(config: ClusterConfig): Promise<ClusterConfig> {
  const valid = validate(config);
  const db = await getDb();
  try {
    await changing(db, () => db.storedCluster.create({ data: { id: valid.id, ...toRow(valid) } }));
  } catch (error) {
    if (prismaCode(error) === UNIQUE_VIOLATION) throw new DomainError("conflict", `cluster "${valid.id}" already exists`);
    throw error;
  }
  return valid;
}

/** Replaces the config of a stored cluster; the id cannot change. DomainError "not-found" when absent. */
export async function updateStoredCluster(id: string, config: ClusterConfig): Promise<ClusterConfig> {
  const valid = validate(config);
  if (valid.id !== id) {
    throw new DomainError("invalid-input", `id: the config's id "${valid.id}" does not match "${id}"`, { field: "id" });
  }
  const db = await getDb();
  try {
    await changing(db, () => db.storedCluster.update({ where: { id }, data: toRow(valid) }));
  } catch (error) {
    if (prismaCode(error) === RECORD_NOT_FOUND) throw notFound(`cluster "${id}"`);
    throw error;
  }
  return valid;
}

/** Deletes a stored cluster; false when there was none. */
export async function deleteStoredCluster(id: string): Promise<boolean> {
  const db = await getDb();
  const { count } = await changing(db, () => db.storedCluster.deleteMany({ where: { id } }));
  return count > 0;
}

/** The config a create or edit body means: secrets sent as "" are kept from the stored cluster. */
export async function configFromInput(input: ClusterInput, existingId?: string): Promise<ClusterConfig> {
  const stored = existingId ? await getStoredCluster(existingId) : null;
  return keepStoredSecrets(input, stored);
}
