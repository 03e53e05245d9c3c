import { NextResponse } from "next/server";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { requeueMessages } from "@/lib/dlq/requeue-messages";
import { requeueBodySchema } from "@/lib/dlq/requeue-params";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ cluster: string; topic: string }>(
  async (request, { cluster, topic }, actor) => {
    const body = await parseJsonBody(request, requeueBodySchema);
    const result = await requeueMessages(actor, cluster, topic, body);
    return "job" in result ? NextResponse.json(result, { status: 202 }) : result;
  },
  { access: "operator" },
);
