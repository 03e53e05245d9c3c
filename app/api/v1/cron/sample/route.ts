import { apiRoute } from "@/lib/api/handler";
import { runJobSlices } from "@/lib/jobs/job-slices";
import { dropRawSamplesExcept } from "@/lib/metrics/serverless/raw-sample-store";
import { sampleAllOnRead } from "@/lib/metrics/serverless/sample-on-read";
import { runtimeMode } from "@/lib/runtime-mode";
import { cronBudgetMs } from "@/lib/serverless/cron-budget";
import { cronSecretActor } from "@/lib/serverless/cron-secret";
import { pruneLeases } from "@/lib/serverless/lease";

export const dynamic = "force-dynamic";
// Vercel ends the function after this many seconds; the work itself stops within the budget.
export const maxDuration = 60;

/**
 * Serverless mode's heartbeat (vercel.json calls it every minute): samples every cluster whose
 * stored sample is older than its interval, so history has points while nobody is looking, then
 * runs queued and running jobs in slices until the budget is spent; the next call resumes them.
 * Stored snapshots of clusters that were removed go.
 * Vercel Cron sends `Authorization: Bearer $CRON_SECRET`; an admin token works too. On a server
 * (samplers and the job runner run by themselves) it does nothing.
 */
export const GET = apiRoute(
  async () => {
    const started = Date.now();
    if (runtimeMode() !== "serverless") return { mode: "server", clusters: [], jobs: [], tookMs: 0 };
    const until = started + cronBudgetMs();
    const clusters = await sampleAllOnRead();
    await dropRawSamplesExcept(clusters.map((cluster) => cluster.id));
    const jobs = await runJobSlices(until);
    await pruneLeases().catch(() => 0);
    return { mode: "serverless", clusters, jobs, tookMs: Date.now() - started };
  },
  { access: "admin", alsoAccept: cronSecretActor },
);
