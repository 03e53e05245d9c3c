import "server-only";
import { getCluster } from "@/lib/clusters/registry";
import type { TraceHit } from "@/lib/trace/types";
import { statusesOf } from "./dlq-state";
import { dlqMessageId } from "./requeue-id";

/**
 * The trace's topic scan finds an event in a DLQ topic but cannot know what operators did with it:
 * that lives in the DlqMessageState table. This fills in `status` (pending / requeued / discarded)
 * on every DLQ hit, one query per DLQ, so the timeline can say "requeued" even before the copy is
 * found. Hits of clusters that are gone, or without a position, are left as they are.
 */
export async function addDlqStatuses(hits: TraceHit[]): Promise<TraceHit[]> {
  const byDlq = new Map<string, { cluster: string; topic: string; hits: TraceHit[] }>();
  for (const hit of hits) {
    if (hit.where !== "dlq" || !hit.cluster || !hit.topic || hit.offset === undefined || hit.status !== undefined) continue;
    const key = JSON.stringify([hit.cluster, hit.topic]);
    const group = byDlq.get(key) ?? { cluster: hit.cluster, topic: hit.topic, hits: [] };
    group.hits.push(hit);
    byDlq.set(key, group);
  }
  await Promise.all(
    [...byDlq.values()].map(async (group) => {
      let kind;
      try {
        kind = (await getCluster(group.cluster)).config.kind;
      } catch {
        return; // the cluster was removed meanwhile: its hits keep no status
      }
      const idOf = (hit: TraceHit) => dlqMessageId(kind, hit.partition ?? 0, hit.offset!, hit.id);
      const statuses = await statusesOf({ clusterId: group.cluster, dlqTopic: group.topic }, group.hits.map(idOf));
      for (const hit of group.hits) hit.status = statuses.get(idOf(hit)) ?? "pending";
    }),
  );
  return hits;
}
