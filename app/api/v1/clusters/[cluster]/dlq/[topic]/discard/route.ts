import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { discardBodySchema, discardMessages } from "@/lib/dlq/discard-messages";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ cluster: string; topic: string }>(
  async (request, { cluster, topic }, actor) => discardMessages(actor, cluster, topic, await parseJsonBody(request, discardBodySchema)),
  { access: "operator" },
);
