import "server-only";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";

// Jobs live in the database so they survive a restart of the console: the runner picks up queued
// ones and resumes running ones from their saved cursor.

import type { JobKind, JobState, JobView } from "./types";

export type { JobKind, JobState, JobView } from "./types";

type JobRow = Awaited<ReturnType<Awaited<ReturnType<typeof getDb>>["job"]["findFirstOrThrow"]>>;

export function jobView(row: JobRow): JobView {
  return {
    id: row.id,
    kind: row.kind as JobKind,
    state: row.state as JobState,
    clusterId: row.clusterId,
    total: row.total,
    done: row.done,
    failed: row.failed,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    ...(row.error ? { error: row.error } : {}),
    params: safeJson(row.params),
    cancelRequested: row.cancelRequested,
  };
}

export function safeJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function createJob(input: { kind: JobKind; clusterId: string; params: unknown; total: number; createdBy: string }): Promise<JobView> {
  const db = await getDb();
  const row = await db.job.create({
    data: { kind: input.kind, state: "queued", clusterId: input.clusterId, params: JSON.stringify(input.params), total: input.total, createdBy: input.createdBy },
  });
  return jobView(row);
}

export async function getJob(id: string): Promise<JobView> {
  const db = await getDb();
  const row = await db.job.findUnique({ where: { id } });
  if (!row) throw notFound(`job "${id}"`);
  return jobView(row);
}

export async function listJobs(options: { limit: number; cursor?: string }): Promise<{ jobs: JobView[]; next?: string }> {
  const db = await getDb();
  const rows = await db.job.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, options.limit);
  return { jobs: page.map(jobView), ...(rows.length > options.limit ? { next: page[page.length - 1].id } : {}) };
}

/** Asks a job to stop; a queued one stops at once, a running one at its next batch. */
export async function requestCancel(id: string): Promise<JobView> {
  const db = await getDb();
  const row = await db.job.findUnique({ where: { id } });
  if (!row) throw notFound(`job "${id}"`);
  if (row.state === "queued") {
    return jobView(await db.job.update({ where: { id }, data: { state: "cancelled", finishedAt: new Date(), cancelRequested: true } }));
  }
  if (row.state === "running") return jobView(await db.job.update({ where: { id }, data: { cancelRequested: true } }));
  return jobView(row);
}
