import { verbRoute } from "@/lib/api/verb-route";
import { resetOffsets } from "@/lib/consumers/verbs/reset-offsets";

export const dynamic = "force-dynamic";

// Consumer-group offset reset (API.md), with a dry run that previews every partition's new offset
// and resulting lag. Behaviour and refusals: docs/consumer-reset.md.
export const POST = verbRoute(resetOffsets);
