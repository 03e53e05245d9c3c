import "server-only";
import { getDb } from "@/lib/db";
import { runJob, type RunOutcome } from "./job-runner";
import { registerJobKinds } from "./start-jobs";

// Serverless mode has no runner loop: the cron route (/api/v1/cron/sample) calls runJobSlices with
// its time budget. Each queued or running job runs until it ends or the budget is spent; then it
// pauses at its next batch boundary with its cursor saved (lib/jobs/job-runner.ts), and the next
// cron call resumes it. runJob's lease per job (lib/jobs/job-lease.ts) keeps two overlapping calls
// off the same job.

const PARALLEL = 4;

export interface SliceResult {
  id: string;
  kind: string;
  outcome: RunOutcome;
  done: number;
  total: number;
}

/** Runs job slices until `until` (epoch ms) or until no job is left to run. */
export async function runJobSlices(until: number): Promise<SliceResult[]> {
  registerJobKinds();
  const db = await getDb();
  const results: SliceResult[] = [];
  const tried = new Set<string>();
  while (Date.now() < until) {
    const rows = await db.job.findMany({
      where: { state: { in: ["queued", "running"] }, id: { notIn: [...tried] } },
      orderBy: { createdAt: "asc" },
      take: PARALLEL,
      select: { id: true },
    });
    if (rows.length === 0) break;
    for (const row of rows) tried.add(row.id);
    const outcomes = await Promise.all(rows.map((row) => runSlice(row.id, until)));
    results.push(...outcomes);
  }
  return results;
}

async function runSlice(id: string, until: number): Promise<SliceResult> {
  const db = await getDb();
  const outcome: RunOutcome = await runJob(id, { until });
  const row = await db.job.findUnique({ where: { id }, select: { kind: true, done: true, total: true } });
  return { id, kind: row?.kind ?? "unknown", outcome, done: row?.done ?? 0, total: row?.total ?? 0 };
}
