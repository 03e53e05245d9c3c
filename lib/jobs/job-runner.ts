import "server-only";
import { getDb } from "@/lib/db";
import { JobLeaseLostError, jobLeaseMs, leasedJobIds, releaseJobLease, renewJobLease, takeJobLease } from "./job-lease";
import { addFailureCounts, type FailureCounts } from "./failure-counts";
import { finishedOutcome } from "./job-outcome";
import { safeJson, type JobKind } from "./job-store";
import { onJobCreated } from "./job-wake";

// Runs durable jobs inside the console process. Every second it looks for queued jobs and for
// running ones whose lease has run out (left by a crash or restart) and runs them; an executor
// saves a cursor as it goes, so a resumed job carries on where it stopped. A job runs only under
// its lease (lib/jobs/job-lease.ts), so two runners over one database never run it at once.

export interface JobRecord {
  id: string;
  kind: JobKind;
  clusterId: string;
  params: unknown;
  cursor: unknown;
  done: number;
  failed: number;
  createdBy: string;
}

export interface JobControl {
  /**
   * Adds to the job's counts and saves where to resume from; `failures` says why the `failed` ones
   * were not sent ({reason: count}, shown as the job's `failures`).
   */
  progress(delta: { done?: number; failed?: number; failures?: FailureCounts }, cursor?: unknown): Promise<void>;
  /**
   * A running job waiting for its broker says so (pausedSince is set the first time, the reason each
   * time); null once the broker answers again.
   */
  paused(reason: string | null): Promise<void>;
  /** True once someone asked to cancel the job. */
  cancelRequested(): Promise<boolean>;
  setTotal(total: number): Promise<void>;
}

export type JobExecutor = (job: JobRecord, control: JobControl) => Promise<"succeeded" | "cancelled">;

const POLL_MS = 1_000;
const MAX_PARALLEL_JOBS = 4;

interface RunnerState {
  executors: Map<JobKind, JobExecutor>;
  active: Set<string>;
  timer?: NodeJS.Timeout;
  /** The running loop's step; undefined once stopped. */
  tick?: () => Promise<void>;
  /** A job was created while a look was under way: look again at once. */
  lookAgain?: boolean;
}

const globalState = globalThis as typeof globalThis & { __eventscopeJobs?: RunnerState };
const state: RunnerState = (globalState.__eventscopeJobs ??= { executors: new Map(), active: new Set() });

export function registerExecutor(kind: JobKind, executor: JobExecutor): void {
  state.executors.set(kind, executor);
}

export function startJobRunner(): void {
  if (state.tick) return;
  const tick = async () => {
    state.timer = undefined;
    state.lookAgain = false;
    try {
      await runAvailableJobs();
    } catch (error) {
      console.error("[eventscope] job runner:", error);
    }
    if (state.tick !== tick) return; // stopped meanwhile
    state.timer = setTimeout(tick, state.lookAgain ? 0 : POLL_MS);
    state.timer.unref?.();
  };
  state.tick = tick;
  state.timer = setTimeout(tick, 0);
  onJobCreated(wakeJobRunner);
}

export function stopJobRunner(): void {
  clearTimeout(state.timer);
  state.timer = undefined;
  state.tick = undefined;
  onJobCreated(undefined);
}

/** Looks for runnable jobs now rather than at the next poll. */
function wakeJobRunner(): void {
  if (!state.tick) return;
  if (!state.timer) {
    state.lookAgain = true; // a look is under way; it may have missed the new job
    return;
  }
  clearTimeout(state.timer);
  state.timer = setTimeout(state.tick, 0);
  state.timer.unref?.();
}

/** Starts every runnable job not already running here; resolves when they have been started. */
export async function runAvailableJobs(): Promise<Promise<void>[]> {
  const db = await getDb();
  const free = MAX_PARALLEL_JOBS - state.active.size;
  if (free <= 0) return [];
  const rows = await db.job.findMany({
    where: { state: { in: ["queued", "running"] }, id: { notIn: [...state.active] } },
    orderBy: { createdAt: "asc" },
    take: free + 16, // some may be leased by another runner
  });
  const runnable = rows.filter((row) => state.executors.has(row.kind as JobKind));
  // Jobs another runner holds are skipped here (runJob would also refuse them, at the cost of a write).
  const leased = await leasedJobIds(runnable.map((row) => row.id));
  return runnable
    .filter((row) => !leased.has(row.id))
    .slice(0, free)
    .map((row) => runJob(row.id).then(() => undefined));
}

/**
 * How one run of a job ended; "paused" (its time slice ran out) leaves it running, to resume;
 * "busy": another runner holds it (or it had already finished); "lost": this runner's lease ran out
 * while it ran and another runner took the job over, so this one stopped without a word to the job.
 */
export type RunOutcome = "succeeded" | "cancelled" | "failed" | "paused" | "busy" | "lost";

/**
 * Runs a job until it ends or, with `until` (epoch ms), until its executor next checks for a cancel
 * after that time (serverless mode: lib/jobs/job-slices.ts runs jobs within a cron call's budget).
 * A paused job keeps state "running" and its cursor, and resumes from there on its next run.
 */
export async function runJob(id: string, options: { until?: number } = {}): Promise<RunOutcome> {
  if (state.active.has(id)) return "busy";
  state.active.add(id);
  const db = await getDb();
  let paused = false;
  let leased = false;
  let lost = false;
  let heartbeat: NodeJS.Timeout | undefined;
  /** Renews the lease; once it fails the job belongs to someone else and nothing more is written. */
  const holdLease = async () => {
    if (!lost && !(await renewJobLease(id))) lost = true;
    if (lost) throw new JobLeaseLostError(id);
  };
  try {
    if (!(await takeJobLease(id))) return "busy";
    leased = true;
    // Renewed every third of its length, and before every write the executor makes.
    heartbeat = setInterval(() => void holdLease().catch(() => undefined), Math.floor(jobLeaseMs() / 3));
    heartbeat.unref?.();
    // Only a job still to run: the last runner may have finished it just before this lease was taken.
    const claimed = await db.job.updateMany({ where: { id, state: { in: ["queued", "running"] } }, data: { state: "running" } });
    if (claimed.count === 0) return "busy";
    const row = await db.job.findUniqueOrThrow({ where: { id } });
    if (!row.startedAt) await db.job.update({ where: { id }, data: { startedAt: new Date() } });
    const executor = state.executors.get(row.kind as JobKind)!;
    const control: JobControl = {
      async progress(delta, cursor) {
        await holdLease();
        // Only this runner writes the job while it holds the lease: read, add, write is safe.
        const failures = delta.failures && Object.keys(delta.failures).length > 0
          ? addFailureCounts((safeJson((await db.job.findUnique({ where: { id }, select: { failures: true } }))?.failures ?? null) as FailureCounts | null) ?? {}, delta.failures)
          : undefined;
        await db.job.update({
          where: { id },
          data: {
            done: { increment: delta.done ?? 0 },
            failed: { increment: delta.failed ?? 0 },
            ...(failures ? { failures: JSON.stringify(failures) } : {}),
            ...(cursor !== undefined ? { cursor: JSON.stringify(cursor) } : {}),
          },
        });
      },
      async paused(reason) {
        await holdLease();
        if (reason === null) {
          await db.job.update({ where: { id }, data: { pausedSince: null, pausedReason: null } });
          return;
        }
        await db.job.updateMany({ where: { id, pausedSince: null }, data: { pausedSince: new Date() } });
        await db.job.update({ where: { id }, data: { pausedReason: reason.slice(0, 1000) } });
      },
      async cancelRequested() {
        // A runner that lost its lease stops like a cancel (and then writes nothing: see below).
        if (lost) return true;
        const asked = (await db.job.findUnique({ where: { id }, select: { cancelRequested: true } }))?.cancelRequested ?? true;
        // Out of time: stop like a cancel (the executor saves its cursor first), but only pause.
        if (!asked && options.until !== undefined && Date.now() >= options.until) paused = true;
        return asked || paused;
      },
      async setTotal(total) {
        await holdLease();
        await db.job.update({ where: { id }, data: { total } });
      },
    };
    const record: JobRecord = {
      id,
      kind: row.kind as JobKind,
      clusterId: row.clusterId,
      params: safeJson(row.params),
      cursor: safeJson(row.cursor),
      done: row.done,
      failed: row.failed,
      createdBy: row.createdBy,
    };
    const outcome = await executor(record, control);
    await holdLease();
    if (outcome === "cancelled" && paused) return "paused";
    if (outcome === "succeeded") {
      // Ran to the end; but a job that sent nothing because every message was refused failed.
      const counts = await db.job.findUniqueOrThrow({ where: { id }, select: { done: true, failed: true, failures: true } });
      const end = finishedOutcome({ ...counts, failures: safeJson(counts.failures) as FailureCounts | null });
      if (end.state === "failed") {
        console.error(`[eventscope] job ${id} failed: ${end.error}`);
        await db.job.update({ where: { id }, data: { state: "failed", finishedAt: new Date(), error: end.error.slice(0, 1000), pausedSince: null, pausedReason: null } });
        return "failed";
      }
    }
    await db.job.update({ where: { id }, data: { state: outcome, finishedAt: new Date(), pausedSince: null, pausedReason: null } });
    return outcome;
  } catch (error) {
    if (error instanceof JobLeaseLostError || lost) {
      console.error(`[eventscope] ${error instanceof JobLeaseLostError ? error.message : `job ${id}: lease lost`}; stopped here`);
      return "lost";
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[eventscope] job ${id} failed:`, message);
    await db.job
      .update({ where: { id }, data: { state: "failed", finishedAt: new Date(), error: message.slice(0, 1000), pausedSince: null, pausedReason: null } })
      .catch(() => undefined);
    return "failed";
  } finally {
    clearInterval(heartbeat);
    if (leased && !lost) await releaseJobLease(id).catch(() => undefined);
    state.active.delete(id);
  }
}
