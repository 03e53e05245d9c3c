import { apiRoute } from "@/lib/api/handler";
import { jobViewFor } from "@/lib/jobs/job-params-view";
import { getJob } from "@/lib/jobs/job-store";
import type { ResponseOf } from "@/lib/contract/operation";
import type { getJob as getJobOperation } from "@/lib/contract/jobs";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ job: string }>(async (_request, { job }, actor): Promise<ResponseOf<typeof getJobOperation>> => jobViewFor(actor, await getJob(job)));
