import "server-only";
import type { Actor } from "@/lib/auth/roles";
import type { ListJobsQuery, listJobs as listJobsOperation } from "@/lib/contract/jobs";
import type { ResponseOf } from "@/lib/contract/operation";
import { jobViewFor } from "@/lib/jobs/job-params-view";
import { listJobs } from "@/lib/jobs/job-store";

/**
 * A page of jobs, sorted and filtered by the database across every job. Only readers who may see
 * clear values search the whole parameters, and each job is shown as its reader may see it.
 */
export async function presentJobs(query: ListJobsQuery, actor: Actor): Promise<ResponseOf<typeof listJobsOperation>> {
  const page = await listJobs(query, { searchAllParams: actor.canSeeClearValues });
  return { ...page, jobs: page.jobs.map((job) => jobViewFor(actor, job)) };
}
