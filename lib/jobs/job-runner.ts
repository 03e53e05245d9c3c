import "server-only";
import { getDb } from "@/lib/db";
import { JobLeaseLostError, jobLeaseMs, leasedJobIds, releaseJobLease, renewJobLease, takeJobLease } from "./job-lease";
import { safeJson, type JobKind } from "./job-store";

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
  /** Adds to the job's counts and saves where to resume from. */
  progress(delta: { done?: number; failed?: number }, cursor?: unknown): Promise<void>;
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
}

const globalState = globalThis as typeof globalThis & { __eventscopeJobs?: RunnerState };
const state: RunnerState = (globalState.__eventscopeJobs ??= { executors: new Map(), active: new Set() });

export function registerExecutor(kind: JobKind, executor: JobExecutor): void {
  state.executors.set(kind, executor);
}

export function startJobRunner(): void {
  if (state.timer) return;
  const tick = async () => {
    try {
      await runAvailableJobs();
    } catch (error) {
      console.error("[eventscope] job runner:", error);
    }
    state.timer = setTimeout(tick, POLL_MS);
    state.timer.unref?.();
  };
  state.timer = setTimeout(tick, 0);
}

export function stopJobRunner(): void {
  clearTimeout(state.timer);
  state.timer = undefined;
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
        await db.job.update({
          where: { id },
          data: {
            done: { increment: delta.done ?? 0 },
            failed: { increment: delta.failed ?? 0 },
            ...(cursor !== undefined ? { cursor: JSON.stringify(cursor) } : {}),
          },
        });
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
    await db.job.update({ where: { id }, data: { state: outcome, finishedAt: new Date() } });
    return outcome;
  } catch (error) {
    if (error instanceof JobLeaseLostError || lost) {
      console.error(`[eventscope] ${error instanceof JobLeaseLostError ? error.message : `job ${id}: lease lost`}; stopped here`);
      return "lost";
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[eventscope] job ${id} failed:`, message);
    await db.job.update({ where: { id }, data: { state: "failed", finishedAt: new Date(), error: message.slice(0, 1000) } }).catch(() => undefined);
    return "failed";
  } finally {
    clearInterval(heartbeat);
    if (leased && !lost) await releaseJobLease(id).catch(() => undefined);
    state.active.delete(id);
  }
}
