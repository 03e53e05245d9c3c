import "server-only";
import { getDb } from "@/lib/db";
import type { CycleFigures } from "./derive-cycle";
import type { LagPoint, RatePoint } from "./history";

// One point a minute per topic and per group, kept 7 days, so charts of 24 h and 7 d survive
// restarts. The cluster total is stored as the topic "*", a name no Kafka topic or stream can have.

export const CLUSTER_TOTAL = "*";
const MINUTE = 60_000;
export const RETENTION_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

const globalState = globalThis as typeof globalThis & { __eventscopeHistory?: { lastMinute: Map<string, number>; lastPrune: number } };
const state = (globalState.__eventscopeHistory ??= { lastMinute: new Map(), lastPrune: 0 });

/** Writes the cycle's figures once per minute per cluster; other cycles return at once. */
export async function persistMinute(clusterId: string, figures: CycleFigures): Promise<boolean> {
  const minute = Math.floor(figures.t / MINUTE);
  if ((state.lastMinute.get(clusterId) ?? -1) >= minute) return false;
  // The first cycle after a start has no rates yet; wait for one that has, within the same minute.
  if (figures.msgsPerSec === null && figures.topics.size > 0) return false;
  state.lastMinute.set(clusterId, minute);
  const t = new Date(minute * MINUTE);
  const db = await getDb();
  const topicRows = [...figures.topics.values()]
    .filter((topic) => topic.msgsPerSec !== null || topic.bytesPerSec !== null)
    .map((topic) => ({ clusterId, topic: topic.name, t, msgsPerSec: topic.msgsPerSec, bytesPerSec: topic.bytesPerSec }));
  if (figures.msgsPerSec !== null) topicRows.push({ clusterId, topic: CLUSTER_TOTAL, t, msgsPerSec: figures.msgsPerSec, bytesPerSec: figures.bytesPerSec });
  const groupRows = [...figures.groups.values()].map((group) => ({ clusterId, group: group.group, t, lag: group.lag, lagSeconds: group.lagSeconds }));
  // A restart within the same minute would write the same keys again: drop that minute first.
  await db.$transaction([
    db.topicRatePoint.deleteMany({ where: { clusterId, t } }),
    db.groupLagPoint.deleteMany({ where: { clusterId, t } }),
    db.topicRatePoint.createMany({ data: topicRows }),
    db.groupLagPoint.createMany({ data: groupRows }),
  ]);
  if (Date.now() - state.lastPrune > PRUNE_EVERY_MS) {
    state.lastPrune = Date.now();
    const before = new Date(Date.now() - RETENTION_MS);
    await db.topicRatePoint.deleteMany({ where: { t: { lt: before } } });
    await db.groupLagPoint.deleteMany({ where: { t: { lt: before } } });
  }
  return true;
}

export async function storedRateHistory(clusterId: string, topic: string, from: number): Promise<RatePoint[]> {
  const db = await getDb();
  const rows = await db.topicRatePoint.findMany({
    where: { clusterId, topic, t: { gte: new Date(from) } },
    orderBy: { t: "asc" },
    select: { t: true, msgsPerSec: true, bytesPerSec: true },
  });
  return rows.map((row) => ({ t: row.t.toISOString(), msgsPerSec: row.msgsPerSec, bytesPerSec: row.bytesPerSec }));
}

export async function storedLagHistory(clusterId: string, group: string, from: number): Promise<LagPoint[]> {
  const db = await getDb();
  const rows = await db.groupLagPoint.findMany({
    where: { clusterId, group, t: { gte: new Date(from) } },
    orderBy: { t: "asc" },
    select: { t: true, lag: true, lagSeconds: true },
  });
  return rows.map((row) => ({ t: row.t.toISOString(), lag: row.lag, lagSeconds: row.lagSeconds }));
}
