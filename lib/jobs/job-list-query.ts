// The job list as an operator scans it: sorted by any column and filtered by state, kind and text,
// by the database across every job (the list is paged by the server, so sorting a page would hide
// the worst job on another one). Pure: turns the validated query into Prisma's where and orderBy.
import { z } from "zod";
import { containsText } from "@/lib/db/contains-text";

import { JOB_KINDS, JOB_SORTS, JOB_STATES, MAX_JOB_QUERY_CHARS, jobSortFirstDir } from "./job-list-options";

export { JOB_KINDS, JOB_SORTS, JOB_STATES, MAX_JOB_QUERY_CHARS, jobSortFirstDir, type JobSort } from "./job-list-options";

export const jobsQuerySchema = z.object({
  limit: z.string().regex(/^\d+$/, "limit must be a whole number").transform(Number).refine((n) => n >= 1 && n <= 200, "limit must be between 1 and 200").default(50),
  cursor: z.string().max(100, "cursor must be at most 100 characters").optional(),
  sort: z.enum(JOB_SORTS, { message: `sort must be one of ${JOB_SORTS.join(", ")}` }).default("createdAt"),
  dir: z.enum(["asc", "desc"], { message: "dir must be asc or desc" }).optional(),
  state: z.enum(JOB_STATES, { message: `state must be one of ${JOB_STATES.join(", ")}` }).optional(),
  kind: z.enum(JOB_KINDS, { message: `kind must be one of ${JOB_KINDS.join(", ")}` }).optional(),
  /** Plain text (never a pattern) found in the job's id, cluster, creator or parameters (topic, target). */
  q: z.string().max(MAX_JOB_QUERY_CHARS, `q must be at most ${MAX_JOB_QUERY_CHARS} characters`).optional(),
});
export type JobsQuery = z.infer<typeof jobsQuerySchema>;

/** The newest-first order the list always had: pages follow the job id (keyset), stable while jobs arrive. */
export function isDefaultJobOrder(query: Pick<JobsQuery, "sort" | "dir">): boolean {
  return query.sort === "createdAt" && (query.dir ?? "desc") === "desc";
}

/**
 * `q` is found in the job's id, cluster and creator, and in its topic or target. Only people who may
 * see clear values search the whole parameters: for others they hold redacted fields (setHeaders,
 * an edited value, the filter's search texts) whose text a search would otherwise reveal a letter at
 * a time; they match topic and target from their start (the JSON text `"topic":"<q>`).
 */
export function jobSearchTexts(q: string, searchAllParams: boolean): { column: "id" | "clusterId" | "createdBy" | "params"; text: string }[] {
  const inParams = searchAllParams ? [q] : ["topic", "target"].map((name) => `"${name}":${JSON.stringify(q).slice(0, -1)}`);
  return [...(["id", "clusterId", "createdBy"] as const).map((column) => ({ column, text: q })), ...inParams.map((text) => ({ column: "params" as const, text }))];
}

/** The exact test, for rows the database could only narrow down (SQLite and a q with `%` or `_`). */
export function jobMatchesText(row: { id: string; clusterId: string; createdBy: string; params: string }, q: string, searchAllParams: boolean): boolean {
  return jobSearchTexts(q.trim(), searchAllParams).some(({ column, text }) => row[column].toLowerCase().includes(text.toLowerCase()));
}

export function jobWhere(query: Pick<JobsQuery, "state" | "kind" | "q">, options: { database: "sqlite" | "postgres"; searchAllParams: boolean }) {
  const q = query.q?.trim();
  const searches = q ? jobSearchTexts(q, options.searchAllParams).map(({ column, text }) => ({ column, ...containsText(text, options.database) })) : [];
  // One search that cannot be narrowed at all (q is only wildcards) makes the OR match every row.
  const narrowed = searches.every((search) => search.filter !== null);
  return {
    where: {
      ...(query.state ? { state: query.state } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(q && narrowed ? { OR: searches.map((search) => ({ [search.column]: search.filter })) } : {}),
    },
    exact: searches.every((search) => search.exact),
  };
}

/** Unset times (a queued job has not started) go last whichever the direction; ties newest first, then by id. */
export function jobOrderBy(query: Pick<JobsQuery, "sort" | "dir">) {
  const dir = query.dir ?? jobSortFirstDir(query.sort);
  const primary =
    query.sort === "startedAt" || query.sort === "finishedAt" ? { [query.sort]: { sort: dir, nulls: "last" as const } } : { [query.sort]: dir };
  return [primary, ...(query.sort === "createdAt" ? [] : [{ createdAt: "desc" as const }]), { id: dir }];
}
