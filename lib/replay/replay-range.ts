import "server-only";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertWritable } from "@/lib/auth/read-only";
import type { Actor } from "@/lib/auth/roles";
import { withConnector } from "@/lib/clusters/registry";
import { requireTarget } from "@/lib/brokers/publish-targets";
import { createJob, type JobView } from "@/lib/jobs/job-store";
import { countPlanned, planReplay, ReplayPlanError, type ReplayBody } from "./replay-plan";
import type { ReplayJobParams } from "./replay-job";

// POST /topics/{topic}/replay: authorize (route) -> parse (route) -> plan -> job -> audit.
export async function replayRange(actor: Actor, clusterId: string, topic: string, body: ReplayBody): Promise<{ matched: number } | { job: JobView }> {
  await assertWritable(clusterId);
  const ranges = await withConnector(clusterId, async (connector) => {
    const detail = await connector.describeTopic(topic);
    await requireTarget(connector, body.target);
    const fromAt = "timestamp" in body.from ? await connector.offsetsAtTime(topic, new Date(body.from.timestamp)) : undefined;
    const toAt = "timestamp" in body.to ? await connector.offsetsAtTime(topic, new Date(body.to.timestamp)) : undefined;
    try {
      return planReplay(body, detail.partitions, fromAt, toAt);
    } catch (error) {
      if (error instanceof ReplayPlanError) throw new DomainError("invalid-input", `${error.field}: ${error.message}`, { field: error.field });
      throw error;
    }
  });
  const matched = countPlanned(ranges);
  if (body.dryRun) return { matched };
  if (matched === 0) throw new DomainError("nothing-matched", "the range holds no message: nothing would be replayed");
  const params: ReplayJobParams = { topic, target: body.target, ranges: ranges.filter((r) => r.to > r.from), ratePerSec: body.ratePerSec ?? 10_000 };
  const job = await createJob({ kind: "replay", clusterId, params, total: matched, createdBy: actor.username });
  await recordAudit({ actor, action: "topic.replay", target: `topic:${clusterId}/${topic}`, params: { from: body.from, to: body.to, partitions: body.partitions, target: body.target, ratePerSec: params.ratePerSec }, result: { job: job.id, matched } });
  return { job };
}
