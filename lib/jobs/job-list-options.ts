// What the job list can be sorted and filtered by: shared by the server's query schema
// (job-list-query.ts) and the page. Kept free of zod so the browser bundle does not carry zod, whose
// eval probe (`Function("")`) the console's Content-Security-Policy reports as a violation.
export const JOB_SORTS = ["createdAt", "startedAt", "finishedAt", "kind", "state", "failed", "createdBy"] as const;
export type JobSort = (typeof JOB_SORTS)[number];
export const JOB_STATES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export const JOB_KINDS = ["requeue", "replay"] as const;
export const MAX_JOB_QUERY_CHARS = 200;

/** Times and failures start biggest/newest first, words A to Z. */
export function jobSortFirstDir(sort: JobSort): "asc" | "desc" {
  return sort === "kind" || sort === "state" || sort === "createdBy" ? "asc" : "desc";
}
