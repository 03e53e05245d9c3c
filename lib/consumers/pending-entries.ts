import "server-only";
import type { z } from "zod";
import type { deadLetterBody } from "@/lib/contract/consumers";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertWritable } from "@/lib/auth/read-only";
import type { Actor } from "@/lib/auth/roles";
import type { BrokerConnector, PendingEntries, PendingEntriesQuery } from "@/lib/brokers/types";
import { connectorFor, getCluster, withConnector } from "@/lib/clusters/registry";
import { unsupported } from "@/lib/errors";
import type { JobControl, JobRecord } from "@/lib/jobs/job-runner";
import { createJob, type JobView } from "@/lib/jobs/job-store";
import { isOutage, OUTAGE_RETRIES, outageDelayMs, outageReason, sleep } from "@/lib/jobs/outage";

// A group's pending entries (delivered, not acknowledged) and the job that moves the ones past a
// delivery limit to the dead-letter destination (API.md, Additions 2026-12-06):
//   GET  /api/v1/clusters/{cluster}/consumers/{group}/pending
//   POST /api/v1/clusters/{cluster}/consumers/{group}/pending/dead-letter  {minDeliveries, minIdleMs?, dryRun?}
// For brokers whose connector has `pendingEntries` (Redis Streams); others answer 422 unsupported.

// The GET's query is the contract's (listPendingQueryChecked, lib/contract/consumers.ts).

export type DeadLetterBody = z.infer<typeof deadLetterBody>;

export interface DeadLetterJobParams {
  group: string;
  minDeliveries: number;
  minIdleMs?: number;
  destination: string;
}

export function pendingOf(connector: BrokerConnector): PendingEntries {
  if (!connector.pendingEntries) throw unsupported(`${connector.kind} groups keep no pending entries list the console can read`);
  return connector.pendingEntries;
}

export function listPendingEntries(clusterId: string, group: string, query: PendingEntriesQuery) {
  return withConnector(clusterId, (connector) => pendingOf(connector).list(group, query));
}

/** The dry run's count, or a queued job (audited) that moves the matching entries. */
export async function requestDeadLetter(actor: Actor, clusterId: string, group: string, body: DeadLetterBody): Promise<{ matched: number; destination: string } | { job: JobView }> {
  if (!body.dryRun) await assertWritable(clusterId);
  return withConnector(clusterId, async (connector) => {
    const pending = pendingOf(connector);
    const criteria = { minDeliveries: body.minDeliveries, ...(body.minIdleMs !== undefined ? { minIdleMs: body.minIdleMs } : {}) };
    const { matched, destination } = await pending.match(group, criteria);
    if (body.dryRun) return { matched, destination };
    const params: DeadLetterJobParams = { group, ...criteria, destination };
    const job = await createJob({ kind: "dead-letter", clusterId, params, total: matched, createdBy: actor.username });
    await recordAudit({ actor, action: "consumer.dead-letter", target: `consumer:${clusterId}/${group}`, params: { ...criteria, destination }, result: { job: job.id, matched } });
    return { job };
  });
}

/**
 * Runs a dead-letter job. Each entry moves atomically and is re-checked at the broker, so after an
 * outage or a crash the job walks the list again: entries already moved are gone from it.
 */
export async function executeDeadLetter(job: JobRecord, control: JobControl): Promise<"succeeded" | "cancelled"> {
  const params = job.params as DeadLetterJobParams;
  const { config } = await getCluster(job.clusterId);
  const pending = pendingOf(connectorFor(config));
  let outages = 0;
  for (;;) {
    let cancelled = false;
    try {
      await pending.deadLetter(params.group, { minDeliveries: params.minDeliveries, minIdleMs: params.minIdleMs }, async (batch) => {
        const failures = Object.fromEntries(batch.refused.map((r) => [r.reason, 1]));
        await control.progress({ done: batch.moved, failed: batch.refused.length, ...(batch.refused.length ? { failures } : {}) });
        if (outages > 0) await control.paused(null);
        outages = 0;
        cancelled = await control.cancelRequested();
        return !cancelled;
      });
      if (cancelled) return "cancelled";
      return "succeeded";
    } catch (error) {
      if (!isOutage(error) || ++outages > OUTAGE_RETRIES) throw error;
      await control.paused(outageReason(error));
      await sleep(outageDelayMs(outages));
    }
  }
}
