import { jobOrDryRun, verbRoute } from "@/lib/api/verb-route";
import { deadLetterPending } from "@/lib/consumers/verbs/dead-letter-pending";

export const dynamic = "force-dynamic";

// Moves a group's pending entries delivered at least minDeliveries times (and idle minIdleMs) to the
// dead-letter stream, as an audited job: 202 {job}; dryRun: {matched, destination}.
export const POST = verbRoute(deadLetterPending, jobOrDryRun);
