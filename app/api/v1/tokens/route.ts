import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { AppError } from "@/lib/api/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import type { Actor } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

/** The bootstrap token has no user row to own tokens. */
function requireUser(actor: Actor): void {
  if (actor.via === "bootstrap-token") throw new AppError("conflict", "the bootstrap admin token has no user: sign in as a user to manage tokens");
}

/** Your own tokens; `?all=true` lists everyone's (admin). Never the token values. */
export const GET = apiRoute(async (request, _params, actor) => {
  const all = new URL(request.url).searchParams.get("all") === "true";
  if (all && actor.role !== "admin") throw new AppError("forbidden", "Listing everyone's tokens needs the admin role.");
  if (!all) requireUser(actor);
  return { tokens: await listApiTokens(all ? {} : { userId: actor.id }) };
});

const createTokenSchema = z.object({ name: z.string().trim().min(1, "name is required").max(100) });

/** Creates a token for yourself; the response is the only time the token is shown. */
export const POST = apiRoute(async (request, _params, actor) => {
  requireUser(actor);
  const { name } = await parseJsonBody(request, createTokenSchema);
  const { token, apiToken } = await createApiToken(actor.id, name);
  await recordAudit({ actor, action: "token.create", target: `token:${apiToken.id}`, params: { name, prefix: apiToken.prefix } });
  return NextResponse.json({ token, apiToken }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
