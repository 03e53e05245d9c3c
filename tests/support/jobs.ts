// Driving the console's job runner by hand in an integration test: the jobs machinery starts as the
// server starts it (kinds registered, recovery), but without its background loop, so a test decides
// when jobs run and waits for the one it asked for.
import { callAsAdmin } from "./auth";
import { waitFor } from "./brokers";

const ENDED = new Set(["succeeded", "failed", "cancelled"]);

/** Call in beforeAll, after the console environment is set (useTempConsoleEnv). */
export async function startJobsByHand(): Promise<void> {
  const { startJobs } = await import("@/lib/jobs/start-jobs");
  const { stopJobRunner } = await import("@/lib/jobs/job-runner");
  startJobs();
  stopJobRunner();
}

/** Runs the jobs waiting now, then waits until this one has ended; returns it as GET /api/v1/jobs/{id} answers (the caller checks its state). */
export async function runJobToEnd(jobId: string, timeoutMs = 60_000): Promise<any> {
  const { runAvailableJobs } = await import("@/lib/jobs/job-runner");
  const route = await import("@/app/api/v1/jobs/[job]/route");
  await Promise.all(await runAvailableJobs());
  return waitFor(async () => {
    const job = (await callAsAdmin(route.GET, `/api/v1/jobs/${jobId}`, { job: jobId })).body;
    return ENDED.has(job.state) ? job : undefined;
  }, timeoutMs, "the job to finish");
}
