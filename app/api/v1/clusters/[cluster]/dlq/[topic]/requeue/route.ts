import { jobOrDryRun, verbRoute } from "@/lib/api/verb-route";
import { requeue } from "@/lib/dlq/verbs/requeue";

export const dynamic = "force-dynamic";

export const POST = verbRoute(requeue, jobOrDryRun);
