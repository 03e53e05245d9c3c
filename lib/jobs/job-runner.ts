import "server-only";
import { getDb } from "@/lib/db";
import { safeJson, type JobKind } from "./job-store";

// Runs durable jobs inside the console process. Every second it looks for queued jobs and for
// running ones that no runner here is working on (left by a crash or restart) and runs them; an
// executor saves a cursor as it goes, so a resumed job carries on where it stopped.

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
    take: free,
  });
  return rows.filter((row) => state.executors.has(row.kind as JobKind)).map((row) => runJob(row.id).then(() => undefined));
}

/** How one run of a job ended; "paused" (its time slice ran out) leaves it running, to resume. */
export type RunOutcome = "succeeded" | "cancelled" | "failed" | "paused" | "busy";

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
  try {
    const row = await db.job.update({ where: { id }, data: { state: "running", startedAt: undefined } });
    if (!row.startedAt) await db.job.update({ where: { id }, data: { startedAt: new Date() } });
    const executor = state.executors.get(row.kind as JobKind)!;
    const control: JobControl = {
      async progress(delta, cursor) {
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
        const asked = (await db.job.findUnique({ where: { id }, select: { cancelRequested: true } }))?.cancelRequested ?? true;
        // Out of time: stop like a cancel (the executor saves its cursor first), but only pause.
        if (!asked && options.until !== undefined && Date.now() >= options.until) paused = true;
        return asked || paused;
      },
      async setTotal(total) {
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
    if (outcome === "cancelled" && paused) return "paused";
    await db.job.update({ where: { id }, data: { state: outcome, finishedAt: new Date() } });
    return outcome;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[eventscope] job ${id} failed:`, message);
    await db.job.update({ where: { id }, data: { state: "failed", finishedAt: new Date(), error: message.slice(0, 1000) } }).catch(() => undefined);
    return "failed";
  } finally {
    state.active.delete(id);
  }
}
