// A job runner process for tests/integration/job-lease.test.ts: the real runner (lib/jobs/job-runner.ts)
// with a stand-in "requeue" executor that needs no broker and logs, to the file in JOB_LEASE_LOG, when
// it starts a job and each step it makes, so the test can see which process ran what and when.
// Run with: npx tsx --conditions=react-server tests/support/job-lease-worker.ts
import fs from "node:fs";
import { registerExecutor, startJobRunner } from "../../lib/jobs/job-runner";

const log = process.env.JOB_LEASE_LOG!;
const STEPS = Number(process.env.JOB_LEASE_STEPS ?? 10);
const STEP_MS = Number(process.env.JOB_LEASE_STEP_MS ?? 300);
const write = (entry: Record<string, unknown>) => fs.appendFileSync(log, `${JSON.stringify({ ...entry, pid: process.pid, at: Date.now() })}\n`);

registerExecutor("requeue", async (job, control) => {
  write({ event: "start", job: job.id, done: job.done });
  for (let step = job.done; step < STEPS; step++) {
    if (await control.cancelRequested()) return "cancelled";
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
    await control.progress({ done: 1 }, { step: step + 1 });
    write({ event: "step", job: job.id, step });
  }
  write({ event: "end", job: job.id });
  return "succeeded";
});
startJobRunner();
write({ event: "ready" });
setInterval(() => undefined, 60_000);
