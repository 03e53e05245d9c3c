import { apiRoute, parseQuery } from "@/lib/api/handler";
import { listJobsQuery } from "@/lib/contract/jobs";
import { presentJobs } from "@/lib/presenters/jobs.server";

export const dynamic = "force-dynamic";

// ?sort=&dir=&state=&kind=&q=&limit=&cursor= (listJobsQuery); a bad value is a 400 naming it.
export const GET = apiRoute(async (request, _params, actor) => presentJobs(parseQuery(request, listJobsQuery), actor));
