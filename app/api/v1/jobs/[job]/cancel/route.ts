import { verbRoute } from "@/lib/api/verb-route";
import { cancelJob } from "@/lib/jobs/verbs/cancel-job";

export const dynamic = "force-dynamic";

export const POST = verbRoute(cancelJob);
