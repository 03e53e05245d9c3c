import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertWritable } from "@/lib/auth/read-only";
import { hasRole, type Actor } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors";
import type { JobControl, JobRecord } from "@/lib/jobs/job-runner";
import { createJob, type JobView } from "@/lib/jobs/job-store";
import { historyKey } from "./outbox-history";
import { actionStatuses, type OutboxAction, type RowFilter } from "./queries";
import type { OutboxActionBody as ActionBody } from "@/lib/contract/outbox";
import { getOutboxSource } from "./registry";

// Retry now (next_retry_at = now; a failed row back to pending) and mark failed, on chosen rows or
// every stuck row: a dry run counts, otherwise an audited job (kind "outbox-retry" /
// "outbox-mark-failed") changes the rows in batches. Only for sources with "allowActions": true.

const BATCH = 500;

export interface OutboxJobParams {
  source: string;
  action: OutboxAction;
  ids?: string[];
  stuck?: true;
}

export const jobKindOf = (action: OutboxAction): "outbox-retry" | "outbox-mark-failed" => (action === "retry" ? "outbox-retry" : "outbox-mark-failed");

function filterOf(params: { action: OutboxAction; ids?: readonly string[]; stuck?: true }, statuses: string[]): RowFilter {
  return { statuses, ...(params.ids ? { ids: params.ids } : {}), ...(params.stuck ? { stuck: true } : {}) };
}

export async function requestOutboxAction(actor: Actor, sourceId: string, action: OutboxAction, body: ActionBody): Promise<{ matched: number } | { job: JobView }> {
  // authorize
  if (!hasRole(actor.role, "operator")) throw new DomainError("forbidden", "Outbox actions need the operator role.");
  const source = getOutboxSource(sourceId);
  await source.checkAction(action);
  if (!body.dryRun) await assertWritable();
  // execute
  const filter = filterOf({ action, ids: body.ids, stuck: body.stuck }, actionStatuses(source.layout, action));
  const matched = await source.countMatching(filter);
  if (body.dryRun) return { matched };
  const params: OutboxJobParams = { source: sourceId, action, ...(body.ids ? { ids: body.ids } : {}), ...(body.stuck ? { stuck: true } : {}) };
  const job = await createJob({ kind: jobKindOf(action), clusterId: historyKey(sourceId), params, total: matched, createdBy: actor.username });
  // audit
  await recordAudit({
    actor,
    action: `outbox.${action}`,
    target: `outbox:${sourceId}`,
    params: { ...(body.ids ? { ids: body.ids.length <= 20 ? body.ids : `${body.ids.length} ids` } : {}), ...(body.stuck ? { stuck: true } : {}) },
    result: { job: job.id, matched },
  });
  return { job };
}

/**
 * Walks the matching rows in id order from the saved cursor and changes them in batches; each
 * update re-checks the row's status, so a row published meanwhile is left alone (counted failed).
 */
export async function executeOutboxAction(job: JobRecord, control: JobControl): Promise<"succeeded" | "cancelled"> {
  const params = job.params as OutboxJobParams;
  const source = getOutboxSource(params.source);
  const filter = filterOf(params, actionStatuses(source.layout, params.action));
  let afterId = (job.cursor as { afterId?: string } | null)?.afterId;
  for (;;) {
    if (await control.cancelRequested()) return "cancelled";
    const ids = await source.matchingIds(filter, BATCH, afterId);
    if (ids.length === 0) return "succeeded";
    const changed = await source.apply(params.action, ids);
    afterId = ids[ids.length - 1];
    const missed = ids.length - changed;
    await control.progress({ done: changed, failed: missed, ...(missed > 0 ? { failures: { "the row changed status before it was updated": missed } } : {}) }, { afterId });
  }
}
