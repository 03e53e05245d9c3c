import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/api/errors";
import { verbRoute } from "@/lib/api/verb-route";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { createToken } from "@/lib/auth/verbs/create-token";
import { requireTokenOwner } from "@/lib/auth/verbs/require-token-owner";
import type { ResponseOf } from "@/lib/contract/operation";
import type { listTokens as listTokensOperation } from "@/lib/contract/access";

export const dynamic = "force-dynamic";

/** Your own tokens; `?all=true` lists everyone's (admin). Never the token values. */
export const GET = apiRoute(async (request, _params, actor): Promise<ResponseOf<typeof listTokensOperation>> => {
  const all = new URL(request.url).searchParams.get("all") === "true";
  if (all && actor.role !== "admin") throw new AppError("forbidden", "Listing everyone's tokens needs the admin role.");
  if (!all) requireTokenOwner(actor);
  return { tokens: await listApiTokens(all ? {} : { userId: actor.id }) };
});

/** Creates a token for yourself; the response is the only time the token is shown. */
export const POST = verbRoute(createToken, (result) => NextResponse.json(result, { status: 201, headers: { "Cache-Control": "no-store" } }));
