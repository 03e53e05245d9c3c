import { jobOrDryRun, verbRoute } from "@/lib/api/verb-route";
import { failOutboxRows } from "@/lib/outbox/verbs/outbox-action";

export const dynamic = "force-dynamic";

// Mark failed: status = the first failed status on {ids} or every stuck row,
// as an audited job: 202 {job}; dryRun: {matched}. Only when the source's config allows actions.
export const POST = verbRoute(failOutboxRows, jobOrDryRun);
