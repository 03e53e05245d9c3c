import "server-only";
import { AppError } from "@/lib/api/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertWritable } from "@/lib/auth/read-only";
import type { Actor } from "@/lib/auth/roles";
import { getCluster, withConnector } from "@/lib/clusters/registry";
import { createJob, type JobView } from "@/lib/jobs/job-store";
import { countPlanned, planReplay, ReplayPlanError, type ReplayBody } from "./replay-plan";
import type { ReplayJobParams } from "./replay-job";

// POST /topics/{topic}/replay: authorize (route) -> parse (route) -> plan -> job -> audit.
export async function replayRange(actor: Actor, clusterId: string, topic: string, body: ReplayBody): Promise<{ matched: number } | { job: JobView }> {
  await assertWritable(clusterId);
  const { config } = await getCluster(clusterId);
  const ranges = await withConnector(clusterId, async (connector) => {
    const detail = await connector.describeTopic(topic);
    if (config.kind === "kafka") {
      try {
        await connector.describeTopic(body.target);
      } catch (error) {
        if ((error as { code?: string }).code === "not-found") throw new AppError("invalid-input", `target: topic "${body.target}" does not exist`, { field: "target" });
        throw error;
      }
    } else if (!/^[^\s*>]+$/.test(body.target)) {
      throw new AppError("invalid-input", "target: a subject without wildcards or spaces", { field: "target" });
    }
    const fromAt = "timestamp" in body.from ? await connector.offsetsAtTime(topic, new Date(body.from.timestamp)) : undefined;
    const toAt = "timestamp" in body.to ? await connector.offsetsAtTime(topic, new Date(body.to.timestamp)) : undefined;
    try {
      return planReplay(body, detail.partitions, fromAt, toAt);
    } catch (error) {
      if (error instanceof ReplayPlanError) throw new AppError("invalid-input", `${error.field}: ${error.message}`, { field: error.field });
      throw error;
    }
  });
  const matched = countPlanned(ranges);
  if (body.dryRun) return { matched };
  if (matched === 0) throw new AppError("nothing-matched", "the range holds no message: nothing would be replayed");
  const params: ReplayJobParams = { topic, target: body.target, ranges: ranges.filter((r) => r.to > r.from), ratePerSec: body.ratePerSec ?? 10_000 };
  const job = await createJob({ kind: "replay", clusterId, params, total: matched, createdBy: actor.username });
  await recordAudit({ actor, action: "topic.replay", target: `topic:${clusterId}/${topic}`, params: { from: body.from, to: body.to, partitions: body.partitions, target: body.target, ratePerSec: params.ratePerSec }, result: { job: job.id, matched } });
  return { job };
}
