import { apiRoute } from "@/lib/api/handler";
import { getJob } from "@/lib/jobs/job-store";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ job: string }>(async (_request, { job }) => getJob(job));
