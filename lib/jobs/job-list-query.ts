// The job list as an operator scans it: sorted by any column and filtered by state, kind and text,
// by the database across every job (the list is paged by the server, so sorting a page would hide
// the worst job on another one). Pure: turns the validated query into Prisma's where and orderBy.
import type { ListJobsQuery } from "@/lib/contract/jobs";
import { containsText } from "@/lib/db/contains-text";

import { jobSortFirstDir } from "./job-list-options";

export { JOB_KINDS, JOB_SORTS, JOB_STATES, MAX_JOB_QUERY_CHARS, jobSortFirstDir, type JobSort } from "./job-list-options";

/** The parsed query (its schema is the contract's listJobsQuery). */
export type JobsQuery = ListJobsQuery;

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
