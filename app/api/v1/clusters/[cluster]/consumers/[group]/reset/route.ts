import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { resetConsumerOffsets } from "@/lib/consumers/reset-offsets";
import { resetBodySchema } from "@/lib/consumers/reset-request";

export const dynamic = "force-dynamic";

// Consumer-group offset reset (API.md), with a dry run that previews every partition's new offset
// and resulting lag. Behaviour and refusals: docs/consumer-reset.md.
export const POST = apiRoute<{ cluster: string; group: string }>(
  async (request, { cluster, group }, actor) => resetConsumerOffsets(actor, cluster, group, await parseJsonBody(request, resetBodySchema)),
  { access: "operator" },
);
