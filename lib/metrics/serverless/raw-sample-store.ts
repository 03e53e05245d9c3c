import "server-only";
import type { ClusterSnapshot } from "@/lib/brokers/types";
import { getDb } from "@/lib/db";
import { rawSamplesToDrop } from "./raw-sample-retention";
import { decodeSnapshot, encodeSnapshot } from "./snapshot-codec";

// Broker snapshots in the database (RawSample), for serverless mode: what a long-lived sampler
// keeps in memory between cycles, kept where the next invocation can find it.

/** Time of the cluster's newest stored snapshot (epoch ms), or null when there is none. */
export async function newestRawSampleAt(clusterId: string): Promise<number | null> {
  const db = await getDb();
  const row = await db.rawSample.findFirst({ where: { clusterId }, orderBy: { t: "desc" }, select: { t: true } });
  return row ? row.t.getTime() : null;
}

/** Stored snapshots taken after `after` (all when undefined), oldest first; undecodable rows skipped. */
export async function rawSamplesAfter(clusterId: string, after?: number): Promise<ClusterSnapshot[]> {
  const db = await getDb();
  const rows = await db.rawSample.findMany({
    where: { clusterId, ...(after !== undefined ? { t: { gt: new Date(after) } } : {}) },
    orderBy: { t: "asc" },
  });
  return rows.map((row) => decodeSnapshot(row.snapshot)).filter((snapshot): snapshot is ClusterSnapshot => snapshot !== undefined);
}

/** Stores one snapshot and thins the cluster's older ones (raw-sample-retention.ts). */
export async function storeRawSample(clusterId: string, snapshot: ClusterSnapshot): Promise<void> {
  const db = await getDb();
  const t = new Date(snapshot.at);
  const snapshotBytes = encodeSnapshot(snapshot);
  await db.rawSample.upsert({ where: { clusterId_t: { clusterId, t } }, create: { clusterId, t, snapshot: snapshotBytes }, update: { snapshot: snapshotBytes } });
  const times = await db.rawSample.findMany({ where: { clusterId }, select: { t: true } });
  const drop = rawSamplesToDrop(times.map((row) => row.t.getTime()), snapshot.at);
  if (drop.length > 0) await db.rawSample.deleteMany({ where: { clusterId, t: { in: drop.map((ms) => new Date(ms)) } } });
}

/** Forgets the snapshots of clusters that no longer exist (the cron route, after sampling the others). */
export async function dropRawSamplesExcept(clusterIds: string[]): Promise<number> {
  const db = await getDb();
  const { count } = await db.rawSample.deleteMany({ where: { clusterId: { notIn: clusterIds } } });
  return count;
}
