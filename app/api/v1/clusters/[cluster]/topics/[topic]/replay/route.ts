import { NextResponse } from "next/server";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { replayBodySchema } from "@/lib/replay/replay-plan";
import { replayRange } from "@/lib/replay/replay-range";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ cluster: string; topic: string }>(
  async (request, { cluster, topic }, actor) => {
    const result = await replayRange(actor, cluster, topic, await parseJsonBody(request, replayBodySchema));
    return "job" in result ? NextResponse.json(result, { status: 202 }) : result;
  },
  { access: "operator" },
);
