import "server-only";
import type { runCron } from "@/lib/contract/system";
import type { ResponseOf } from "@/lib/contract/operation";
import { runJobSlices } from "@/lib/jobs/job-slices";
import { dropRawSamplesExcept } from "@/lib/metrics/serverless/raw-sample-store";
import { sampleAllOnRead } from "@/lib/metrics/serverless/sample-on-read";
import { runtimeMode } from "@/lib/runtime-mode";
import { cronBudgetMs } from "./cron-budget";
import { pruneLeases } from "./lease";

/**
 * Serverless mode's heartbeat (GET /api/v1/cron/sample): samples every cluster whose stored sample is
 * older than its interval, so history has points while nobody is looking, then runs queued and
 * running jobs in slices until the budget is spent; the next call resumes them. Stored snapshots of
 * clusters that were removed go. On a server (samplers and the job runner run by themselves) it does nothing.
 */
export async function runCronHeartbeat(): Promise<ResponseOf<typeof runCron>> {
  const started = Date.now();
  if (runtimeMode() !== "serverless") return { mode: "server", clusters: [], jobs: [], tookMs: 0 };
  const until = started + cronBudgetMs();
  const clusters = await sampleAllOnRead();
  await dropRawSamplesExcept(clusters.map((cluster) => cluster.id));
  const jobs = await runJobSlices(until);
  await pruneLeases().catch(() => 0);
  return { mode: "serverless", clusters, jobs, tookMs: Date.now() - started };
}
