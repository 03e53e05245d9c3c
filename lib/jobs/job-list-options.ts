// What the job list can be sorted and filtered by: shared by the server's query schema
// (job-list-query.ts) and the page. Kept free of zod so the browser bundle does not carry zod, whose
// eval probe (`Function("")`) the console's Content-Security-Policy reports as a violation.
import type { JobKind } from "./types";

export const JOB_SORTS = ["createdAt", "startedAt", "finishedAt", "kind", "state", "failed", "createdBy"] as const;
export type JobSort = (typeof JOB_SORTS)[number];
export const JOB_STATES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
/**
 * Every kind of job (the contract's Job.kind; lib/jobs/start-jobs.ts runs each), in the filter's order.
 * Keyed by JobKind so that a kind the contract gains and this lacks, or one it does not have, fails
 * the type check: the filter cannot fall behind the kinds again (it offered requeue and replay only).
 */
const KINDS_IN_FILTER_ORDER: Record<JobKind, true> = {
  requeue: true,
  replay: true,
  "dead-letter": true,
  "pending-claim": true,
  "pending-ack": true,
  "outbox-retry": true,
  "outbox-mark-failed": true,
};
export const JOB_KINDS = Object.keys(KINDS_IN_FILTER_ORDER) as [JobKind, ...JobKind[]];
export const MAX_JOB_QUERY_CHARS = 200;

/** Times and failures start biggest/newest first, words A to Z. */
export function jobSortFirstDir(sort: JobSort): "asc" | "desc" {
  return sort === "kind" || sort === "state" || sort === "createdBy" ? "asc" : "desc";
}
