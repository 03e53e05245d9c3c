import "server-only";
import { getDb } from "@/lib/db";
import { RETENTION_MS } from "@/lib/metrics/history-store";
import type { OutboxPoint, OutboxSourceDetail } from "./types";

// Outbox history beyond the in-memory hour, in the metrics history tables (one point a minute, kept
// as long as lag history): GroupLagPoint rows under the cluster id "outbox:<source>" (a cluster id
// cannot hold ":"), group "backlog" (lag: backlog, lagSeconds: oldest unpublished age) and group
// "stuck"; TopicRatePoint topic "published" holds the publish rate.

const MINUTE = 60_000;
const lastMinute = new Map<string, number>();
export const historyKey = (sourceId: string) => `outbox:${sourceId}`;

/** Writes the sample once per minute per source; other samples return at once. */
export async function persistOutboxMinute(detail: OutboxSourceDetail): Promise<boolean> {
  if (detail.status === "down" || detail.backlog === null) return false;
  const minute = Math.floor(Date.parse(detail.checkedAt) / MINUTE);
  if ((lastMinute.get(detail.id) ?? -1) >= minute) return false;
  lastMinute.set(detail.id, minute);
  const clusterId = historyKey(detail.id);
  const t = new Date(minute * MINUTE);
  const db = await getDb();
  await db.$transaction([
    db.groupLagPoint.deleteMany({ where: { clusterId, t } }),
    db.topicRatePoint.deleteMany({ where: { clusterId, t } }),
    db.groupLagPoint.createMany({
      data: [
        { clusterId, group: "backlog", t, lag: detail.backlog, lagSeconds: detail.oldestPendingAgeSeconds },
        ...(detail.stuck !== null ? [{ clusterId, group: "stuck", t, lag: detail.stuck, lagSeconds: null }] : []),
      ],
    }),
    db.topicRatePoint.createMany({ data: [{ clusterId, topic: "published", t, msgsPerSec: detail.publishRate, bytesPerSec: null }] }),
  ]);
  await db.groupLagPoint.deleteMany({ where: { clusterId, t: { lt: new Date(Date.now() - RETENTION_MS) } } });
  await db.topicRatePoint.deleteMany({ where: { clusterId, t: { lt: new Date(Date.now() - RETENTION_MS) } } });
  return true;
}

/** Minute points since `from` (epoch ms), oldest first. */
export async function storedOutboxHistory(sourceId: string, from: number): Promise<OutboxPoint[]> {
  const db = await getDb();
  const clusterId = historyKey(sourceId);
  const since = { gte: new Date(from) };
  const [lags, rates] = await Promise.all([
    db.groupLagPoint.findMany({ where: { clusterId, t: since }, orderBy: { t: "asc" } }),
    db.topicRatePoint.findMany({ where: { clusterId, topic: "published", t: since }, orderBy: { t: "asc" } }),
  ]);
  const points = new Map<number, OutboxPoint>();
  const at = (t: Date) => {
    const key = t.getTime();
    let point = points.get(key);
    if (!point) points.set(key, (point = { t: t.toISOString(), backlog: null, oldestPendingAgeSeconds: null, stuck: null, publishRate: null }));
    return point;
  };
  for (const row of lags) {
    const point = at(row.t);
    if (row.group === "backlog") {
      point.backlog = row.lag;
      point.oldestPendingAgeSeconds = row.lagSeconds;
    } else if (row.group === "stuck") point.stuck = row.lag;
  }
  for (const row of rates) at(row.t).publishRate = row.msgsPerSec;
  return [...points.values()].sort((a, b) => a.t.localeCompare(b.t));
}
