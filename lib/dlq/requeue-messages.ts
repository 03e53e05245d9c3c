import "server-only";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertWritable } from "@/lib/auth/read-only";
import { requireName } from "@/lib/brokers/names";
import { requireTarget } from "@/lib/brokers/publish-targets";
import type { Actor } from "@/lib/auth/roles";
import { createJob, type JobView } from "@/lib/jobs/job-store";
import { resolveDlq } from "./dlq-context";
import { scanDlq, type DlqContext, type DlqFilter, type DlqMessage } from "./dlq-messages";
import { maskForSearch } from "./mask-dlq-messages";
import { countPendingMatches } from "./count-pending";
import { countBuiltMatches } from "./count-built";
import { clearRecordsBeforeRequeue, eventIdsWithRecords } from "./requeue-clear-records";
import { readByIds } from "./requeue-job";
import { DEFAULT_REQUEUE_RATE, type RequeueBody, type RequeueJobParams } from "./requeue-params";
import { isDlqMessageId } from "./requeue-id";
import { refuseMissingRoutes } from "./route-precheck";
import { kindInfo } from "@/lib/brokers/kinds";

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
  for (const [name, value] of Object.entries(body.setHeaders ?? {})) requireName("setHeaders", context.connector.checkHeader(name, value));
  if (body.target) await requireTarget(context.connector, body.target);
  // A text filter matches what the actor may see; the job, which runs without the actor, is told to do the same.
  const mask = maskForSearch(topic, actor, body.filter);
  const { matched, pending } = await findMatching(context, body, mask);
  const recordEventIds = body.clearIdempotencyRecords ? await eventIdsWithRecords(topic, pending) : [];
  if (body.dryRun) return { matched, ...(body.clearIdempotencyRecords ? { recordsToClear: recordEventIds.length } : {}) };
  if (matched === 0) throw new DomainError("nothing-matched", "no pending message matches: nothing would be requeued");
  if (!body.target) await refuseMissingRoutes(context, body.ids ? { pending } : { filter: body.filter });
  const clearedRecords = recordEventIds.length > 0 ? await clearRecordsBeforeRequeue(actor, recordEventIds) : 0;

  const params: RequeueJobParams = {
    topic,
    dlqKind: context.dlqKind,
    ...(body.ids ? { ids: body.ids } : {}),
    ...(body.filter ? { filter: { ...body.filter, since: body.filter.since?.toISOString(), until: body.filter.until?.toISOString() } } : {}),
    ...(mask ? { matchMaskedValues: true as const } : {}),
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
async function findMatching(
  context: DlqContext,
  body: RequeueBody,
  mask: ((messages: DlqMessage[]) => Promise<DlqMessage[]>) | undefined,
): Promise<{ matched: number; pending: DlqMessage[] }> {
  if (body.ids) {
    const bad = body.ids.find((id) => !isDlqMessageId(context.clusterKind, id));
    if (bad) throw new DomainError("invalid-input", `ids: "${bad}" is not a DLQ message id (${kindInfo(context.clusterKind).dlqMessageIdFormat})`, { field: "ids" });
    const found = await readByIds(context, body.ids);
    const missing = body.ids.find((id) => !found.some((message) => message.id === id));
    if (missing) throw new DomainError("not-found", `DLQ message "${missing}" was not found in ${context.topic}`);
    const pending = found.filter((message) => message.status === "pending");
    return { matched: pending.length, pending };
  }
  const filter: DlqFilter | undefined = body.filter;
  // The fast count matches clear header texts: only for those who may see them (or filters masking cannot change).
  const counted = mask ? null : await countPendingMatches(context, filter, COUNT_BUDGET);
  if (counted !== null) return { matched: counted, pending: [] };
  const built = await countBuiltMatches(context, filter, mask, COUNT_BUDGET);
  if (built !== null) return { matched: built, pending: [] };
  const page = await scanDlq(context, { limit: COUNT_BUDGET, filter, status: "pending", budget: COUNT_BUDGET, countOnly: true, mask });
  return { matched: page.matched, pending: [] };
}
