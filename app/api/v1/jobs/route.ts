import { apiRoute, parseQuery } from "@/lib/api/handler";
import { listJobsQuery } from "@/lib/contract/jobs";
import { jobViewFor } from "@/lib/jobs/job-params-view";
import { listJobs } from "@/lib/jobs/job-store";

export const dynamic = "force-dynamic";

// ?sort=&dir=&state=&kind=&q=&limit=&cursor= (lib/jobs/job-list-query.ts); a bad value is a 400 naming it.
export const GET = apiRoute(async (request, _params, actor) => {
  const page = await listJobs(parseQuery(request, listJobsQuery), { searchAllParams: actor.canSeeClearValues });
  return { ...page, jobs: page.jobs.map((job) => jobViewFor(actor, job)) };
});
