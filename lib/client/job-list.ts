// The job list in the URL: ?q=&sort=&dir=&state=&kind=&cursor=. The server sorts and filters every
// job (lib/jobs/job-list-query.ts); this only reads and writes the choice. Pure, unit-tested.
import { JOB_KINDS, JOB_SORTS, JOB_STATES, jobSortFirstDir, MAX_JOB_QUERY_CHARS, type JobSort } from "@/lib/jobs/job-list-options";
import type { ListSpec, ListState } from "./list-state";
import type { JobPageParams } from "@/lib/query-keys";

export const JOB_LIST: ListSpec<JobSort> = {
  sorts: JOB_SORTS,
  defaultSort: "createdAt",
  firstDir: jobSortFirstDir,
  filters: { state: JOB_STATES, kind: JOB_KINDS },
};

/** What to ask the API for: defaults left out so the plain list keeps its newest-first keyset pages. */
export function jobPageParams(state: ListState<JobSort>, limit: number): JobPageParams {
  return {
    limit,
    cursor: state.cursor || null,
    ...(state.sort !== JOB_LIST.defaultSort || state.dir !== jobSortFirstDir(state.sort) ? { sort: state.sort, dir: state.dir } : {}),
    ...(state.filters.state ? { state: state.filters.state } : {}),
    ...(state.filters.kind ? { kind: state.filters.kind } : {}),
    // A longer text from the URL is cut to what the API accepts rather than failing the page.
    ...(state.q.trim() ? { q: state.q.trim().slice(0, MAX_JOB_QUERY_CHARS) } : {}),
  };
}
