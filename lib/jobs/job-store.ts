import "server-only";
import { notFound } from "@/lib/errors";
import { getDatabaseKind, getDb } from "@/lib/db";
import { decodePositionCursor, encodePositionCursor } from "@/lib/consumers/order-consumers";
import { isDefaultJobOrder, jobMatchesText, jobOrderBy, jobWhere, type JobsQuery } from "./job-list-query";
import { notifyJobCreated } from "./job-wake";

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
    ...failuresView(row.failures),
    ...(row.pausedSince ? { pausedSince: row.pausedSince.toISOString(), pausedReason: row.pausedReason ?? "" } : {}),
    params: safeJson(row.params),
    cancelRequested: row.cancelRequested,
  };
}

function failuresView(text: string | null): { failures?: JobView["failures"] } {
  const counts = safeJson(text) as Record<string, number> | null;
  if (!counts || typeof counts !== "object") return {};
  const failures = Object.entries(counts)
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count);
  return failures.length > 0 ? { failures } : {};
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
  notifyJobCreated();
  return jobView(row);
}

export async function getJob(id: string): Promise<JobView> {
  const db = await getDb();
  const row = await db.job.findUnique({ where: { id } });
  if (!row) throw notFound(`job "${id}"`);
  return jobView(row);
}

/**
 * A page of jobs, sorted and filtered by the database (lib/jobs/job-list-query.ts). Newest first
 * pages by job id; other orders page by position (the position cursor of the consumer list). When
 * the database can only narrow a text search down (SQLite and a q with `%` or `_`), the narrowed
 * rows' searchable columns are checked here and only the page's jobs are read whole.
 */
export async function listJobs(query: JobsQuery, options: { searchAllParams: boolean }): Promise<{ jobs: JobView[]; next?: string }> {
  const db = await getDb();
  const { where, exact } = jobWhere(query, { database: getDatabaseKind(), searchAllParams: options.searchAllParams });
  const orderBy = jobOrderBy(query);
  if (exact && isDefaultJobOrder(query)) {
    const rows = await db.job.findMany({ where, orderBy, take: query.limit + 1, ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}) });
    const page = rows.slice(0, query.limit);
    return { jobs: page.map(jobView), ...(rows.length > query.limit ? { next: page[page.length - 1].id } : {}) };
  }
  const start = decodePositionCursor(query.cursor);
  if (exact) {
    const rows = await db.job.findMany({ where, orderBy, skip: start, take: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    return { jobs: page.map(jobView), ...(rows.length > query.limit ? { next: encodePositionCursor(start + page.length) } : {}) };
  }
  const candidates = await db.job.findMany({ where, orderBy, select: { id: true, clusterId: true, createdBy: true, params: true } });
  const matching = candidates.filter((row) => jobMatchesText(row, query.q ?? "", options.searchAllParams)).map((row) => row.id);
  const pageIds = matching.slice(start, start + query.limit);
  const rows = await db.job.findMany({ where: { id: { in: pageIds } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const page = pageIds.map((id) => byId.get(id)).filter((row) => row !== undefined);
  return { jobs: page.map(jobView), ...(start + pageIds.length < matching.length ? { next: encodePositionCursor(start + pageIds.length) } : {}) };
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
