import { jobOrDryRun, verbRoute } from "@/lib/api/verb-route";
import { retryOutboxRows } from "@/lib/outbox/verbs/outbox-action";

export const dynamic = "force-dynamic";

// Retry now: next_retry_at = now (a failed row back to pending) on {ids} or every stuck row,
// as an audited job: 202 {job}; dryRun: {matched}. Only when the source's config allows actions.
export const POST = verbRoute(retryOutboxRows, jobOrDryRun);
