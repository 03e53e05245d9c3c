import "server-only";
import { getDb } from "@/lib/db";
import { INSTANCE_ID, releaseLease, renewLease, tryTakeLease } from "@/lib/serverless/lease";

// One runner at a time per job, across processes and machines that share the database (two console
// processes, a console and scripts/job-worker.ts, overlapping cron calls in serverless mode). A job
// is run only under its lease row "job:<id>" (the Lease table): taken with a single conditional
// update that matches only an expired lease, renewed while the job runs, given back when it stops.
// A runner that dies (kill -9) stops renewing; its lease runs out and another runner resumes the
// job from its saved cursor. Runners compare lease times with their own clocks: keep them in sync.

/** How long a lease lasts without renewal: how long a crashed runner's job waits to be resumed. */
export function jobLeaseMs(): number {
  const configured = Number(process.env.EVENTSCOPE_JOB_LEASE_MS);
  return Number.isFinite(configured) && configured >= 1_000 ? configured : 20_000;
}

export const jobLeaseKey = (jobId: string) => `job:${jobId}`;

/** This runner's name in the lease row (process id and a random part, per process). */
export const RUNNER_ID = INSTANCE_ID;

export class JobLeaseLostError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId}: another runner took over (this runner's lease ran out)`);
    this.name = "JobLeaseLostError";
  }
}

/** True when this runner now holds the job's lease. */
export function takeJobLease(jobId: string, ms = jobLeaseMs()): Promise<boolean> {
  return tryTakeLease(jobLeaseKey(jobId), ms, RUNNER_ID);
}

/** Extends the lease this runner holds; false when it no longer holds it (it ran out and was taken). */
export function renewJobLease(jobId: string, ms = jobLeaseMs()): Promise<boolean> {
  return renewLease(jobLeaseKey(jobId), ms, RUNNER_ID);
}

/** Gives the lease back at once (only if still held), so the next runner need not wait it out. */
export function releaseJobLease(jobId: string): Promise<void> {
  return releaseLease(jobLeaseKey(jobId), RUNNER_ID);
}

/** Of these jobs, the ones some runner (this one included) holds a live lease on now. */
export async function leasedJobIds(jobIds: string[], now = Date.now()): Promise<Set<string>> {
  if (jobIds.length === 0) return new Set();
  const db = await getDb();
  const rows = await db.lease.findMany({
    where: { key: { in: jobIds.map(jobLeaseKey) }, takenUntil: { gte: new Date(now) } },
    select: { key: true },
  });
  return new Set(rows.map((row) => row.key.slice("job:".length)));
}
