import { jobOrDryRun, verbRoute } from "@/lib/api/verb-route";
import { ackPendingEntries } from "@/lib/consumers/verbs/pending-action";

export const dynamic = "force-dynamic";

// Acknowledges pending entries (by id, or every entry idle at least minIdleMs) for the group, as an
// audited job: 202 {job}; dryRun: {matched}.
export const POST = verbRoute(ackPendingEntries, jobOrDryRun);
