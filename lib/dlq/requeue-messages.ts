import "server-only";
import { AppError } from "@/lib/api/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertWritable } from "@/lib/auth/read-only";
import type { Actor } from "@/lib/auth/roles";
import { createJob, type JobView } from "@/lib/jobs/job-store";
import { resolveDlq } from "./dlq-context";
import { scanDlq, type DlqContext, type DlqFilter, type DlqMessage } from "./dlq-messages";
import { clearRecordsBeforeRequeue, eventIdsWithRecords } from "./requeue-clear-records";
import { readByIds } from "./requeue-job";
import { DEFAULT_REQUEUE_RATE, type RequeueBody, type RequeueJobParams } from "./requeue-params";
import { parseDlqMessageId } from "./requeue-id";

// POST /dlq/{topic}/requeue: authorize (route) -> parse (route, zod) -> execute -> audit.
const COUNT_BUDGET = 2_000_000;

export async function requeueMessages(
  actor: Actor,
  clusterId: string,
  topic: string,
  body: RequeueBody,
): Promise<{ matched: number; recordsToClear?: number } | { job: JobView; clearedRecords?: number }> {
  await assertWritable(clusterId);
  const context = await resolveDlq(clusterId, topic);
  if (body.target) await checkTarget(context, body.target);
  const { matched, pending } = await findMatching(context, body);
  const recordEventIds = body.clearIdempotencyRecords ? await eventIdsWithRecords(topic, pending) : [];
  if (body.dryRun) return { matched, ...(body.clearIdempotencyRecords ? { recordsToClear: recordEventIds.length } : {}) };
  if (matched === 0) throw new AppError("nothing-matched", "no pending message matches: nothing would be requeued");
  const clearedRecords = recordEventIds.length > 0 ? await clearRecordsBeforeRequeue(actor, recordEventIds) : 0;

  const params: RequeueJobParams = {
    topic,
    dlqKind: context.dlqKind,
    ...(body.ids ? { ids: body.ids } : {}),
    ...(body.filter ? { filter: { ...body.filter, since: body.filter.since?.toISOString(), until: body.filter.until?.toISOString() } } : {}),
    ...(body.target ? { target: body.target } : {}),
    ratePerSec: body.ratePerSec ?? DEFAULT_REQUEUE_RATE,
    ...(body.dropHeaders ? { dropHeaders: body.dropHeaders } : {}),
    ...(body.setHeaders ? { setHeaders: body.setHeaders } : {}),
    ...(body.value !== undefined ? { value: body.value } : {}),
  };
  const job = await createJob({ kind: "requeue", clusterId, params, total: matched, createdBy: actor.username });
  await recordAudit({
    actor,
    action: "dlq.requeue",
    target: `dlq:${clusterId}/${topic}`,
    params: {
      ids: body.ids?.length,
      filter: body.filter,
      all: body.all,
      target: body.target,
      ratePerSec: params.ratePerSec,
      dropHeaders: body.dropHeaders,
      editedValue: body.value !== undefined,
      ...(body.clearIdempotencyRecords ? { clearIdempotencyRecords: true } : {}),
    },
    result: { job: job.id, matched, ...(body.clearIdempotencyRecords ? { clearedRecords } : {}) },
  });
  return { job, ...(body.clearIdempotencyRecords ? { clearedRecords } : {}) };
}

/** How many pending messages the request covers; for ids, also those messages (a filter is only counted). */
async function findMatching(context: DlqContext, body: RequeueBody): Promise<{ matched: number; pending: DlqMessage[] }> {
  if (body.ids) {
    const bad = body.ids.find((id) => !parseDlqMessageId(context.clusterKind, id));
    if (bad) throw new AppError("invalid-input", `ids: "${bad}" is not a DLQ message id (${context.clusterKind === "kafka" ? "<partition>-<offset>" : "<seq>"})`, { field: "ids" });
    const found = await readByIds(context, body.ids);
    const missing = body.ids.find((id) => !found.some((message) => message.id === id));
    if (missing) throw new AppError("not-found", `DLQ message "${missing}" was not found in ${context.topic}`);
    const pending = found.filter((message) => message.status === "pending");
    return { matched: pending.length, pending };
  }
  const filter: DlqFilter | undefined = body.filter;
  const page = await scanDlq(context, { limit: COUNT_BUDGET, filter, status: "pending", budget: COUNT_BUDGET, countOnly: true });
  return { matched: page.matched, pending: [] };
}

async function checkTarget(context: DlqContext, target: string): Promise<void> {
  if (context.clusterKind === "kafka") {
    try {
      await context.connector.describeTopic(target);
    } catch (error) {
      if ((error as { code?: string }).code === "not-found") {
        throw new AppError("invalid-input", `target: topic "${target}" does not exist`, { field: "target" });
      }
      throw error;
    }
    return;
  }
  if (!/^[^\s*>]+$/.test(target)) throw new AppError("invalid-input", "target: a subject without wildcards or spaces", { field: "target" });
}
