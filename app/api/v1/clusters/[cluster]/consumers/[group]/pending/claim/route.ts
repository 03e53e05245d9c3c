import { jobOrDryRun, verbRoute } from "@/lib/api/verb-route";
import { claimPendingEntries } from "@/lib/consumers/verbs/pending-action";

export const dynamic = "force-dynamic";

// Gives pending entries (by id, or every entry idle at least minIdleMs) to a consumer, as an audited
// job: 202 {job}; dryRun: {matched, consumerExists}.
export const POST = verbRoute(claimPendingEntries, jobOrDryRun);
