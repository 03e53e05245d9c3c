import { apiRoute } from "@/lib/api/handler";
import { jobViewFor } from "@/lib/jobs/job-params-view";
import { getJob } from "@/lib/jobs/job-store";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ job: string }>(async (_request, { job }, actor) => jobViewFor(actor, await getJob(job)));
