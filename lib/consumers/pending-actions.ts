import "server-only";
import type { z } from "zod";
import type { ackBody, claimBody } from "@/lib/contract/consumers";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertWritable } from "@/lib/auth/read-only";
import type { Actor } from "@/lib/auth/roles";
import type { PendingAction, PendingSelection } from "@/lib/brokers/types";
import { connectorFor, getCluster, withConnector } from "@/lib/clusters/registry";
import type { JobControl, JobRecord } from "@/lib/jobs/job-runner";
import { createJob, type JobView } from "@/lib/jobs/job-store";
import { isOutage, OUTAGE_RETRIES, outageDelayMs, outageReason, sleep } from "@/lib/jobs/outage";
import { pendingOf } from "./pending-entries";

// The operator's claim and ack of a group's pending entries (Redis Streams' PEL), as audited jobs
// with a dry run:
//   POST /api/v1/clusters/{cluster}/consumers/{group}/pending/claim  {consumer, ids? | minIdleMs, dryRun?}
//   POST /api/v1/clusters/{cluster}/consumers/{group}/pending/ack    {ids? | minIdleMs, dryRun?}
// With `ids`, those entries (minIdleMs, if given, still guards each one); without, every entry idle at
// least minIdleMs (> 0). The connector validates ids and consumer names (400) and re-checks each entry
// at the broker when it acts, so a job simply runs again after a crash.

export type ClaimBody = z.infer<typeof claimBody>;
export type AckBody = z.infer<typeof ackBody>;

export type PendingJobKind = "pending-claim" | "pending-ack";

export interface PendingActionJobParams {
  group: string;
  selection: PendingSelection;
  action: PendingAction;
}

function selectionOf(body: { ids?: string[]; minIdleMs?: number }): PendingSelection {
  return { ...(body.ids ? { ids: body.ids } : {}), ...(body.minIdleMs !== undefined ? { minIdleMs: body.minIdleMs } : {}) };
}

/** The dry run's count, or a queued job (audited) that claims or acks the selected entries. */
export async function requestPendingAction(
  actor: Actor,
  clusterId: string,
  group: string,
  body: ClaimBody | AckBody,
): Promise<{ matched: number; consumerExists?: boolean } | { job: JobView }> {
  if (!body.dryRun) await assertWritable(clusterId);
  const action: PendingAction = "consumer" in body ? { kind: "claim", consumer: body.consumer } : { kind: "ack" };
  const selection = selectionOf(body);
  return withConnector(clusterId, async (connector) => {
    const pending = pendingOf(connector);
    const match = await pending.matchSelection(group, selection, action.kind === "claim" ? action.consumer : undefined);
    if (body.dryRun) return match;
    const params: PendingActionJobParams = { group, selection, action };
    const kind: PendingJobKind = action.kind === "claim" ? "pending-claim" : "pending-ack";
    const job = await createJob({ kind, clusterId, params, total: match.matched, createdBy: actor.username });
    // Ids are not repeated in the audit entry beyond their count: the job's params keep them.
    await recordAudit({
      actor,
      action: `consumer.${action.kind}`,
      target: `consumer:${clusterId}/${group}`,
      params: { ...(action.kind === "claim" ? { consumer: action.consumer } : {}), ids: selection.ids?.length ?? null, minIdleMs: selection.minIdleMs ?? null },
      result: { job: job.id, matched: match.matched },
    });
    return { job };
  });
}

/** Runs a claim or ack job; after an outage it walks the selection again (each entry is re-checked). */
export async function executePendingAction(job: JobRecord, control: JobControl): Promise<"succeeded" | "cancelled"> {
  const params = job.params as PendingActionJobParams;
  const { config } = await getCluster(job.clusterId);
  const pending = pendingOf(connectorFor(config));
  let outages = 0;
  for (;;) {
    let cancelled = false;
    try {
      await pending.apply(params.group, params.selection, params.action, async (batch) => {
        // Entries no longer pending (acked, deleted) or busy again are skipped, not failed: the
        // operator's intent for them no longer applies.
        await control.progress({ done: batch.done, failed: 0 });
        if (outages > 0) await control.paused(null);
        outages = 0;
        cancelled = await control.cancelRequested();
        return !cancelled;
      });
      return cancelled ? "cancelled" : "succeeded";
    } catch (error) {
      if (!isOutage(error) || ++outages > OUTAGE_RETRIES) throw error;
      await control.paused(outageReason(error));
      await sleep(outageDelayMs(outages));
    }
  }
}
