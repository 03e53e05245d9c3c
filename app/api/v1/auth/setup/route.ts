import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { verbRoute } from "@/lib/api/verb-route";
import { sessionCookie } from "@/lib/auth/cookies";
import { ensureFirstAdmin, needsFirstAdmin } from "@/lib/auth/first-admin";
import { actorView } from "@/lib/auth/roles";
import { createFirstAdmin } from "@/lib/auth/verbs/create-first-admin";
import type { ResponseOf } from "@/lib/contract/operation";
import type { getSetup as getSetupOperation } from "@/lib/contract/access";

export const dynamic = "force-dynamic";

/** Public: whether the one-time "create the first admin" form is available. */
export const GET = apiRoute(async (): Promise<ResponseOf<typeof getSetupOperation>> => {
  await ensureFirstAdmin();
  return { needsFirstAdmin: await needsFirstAdmin() };
}, { access: "public" });

/** Public, but only while there are no users and EVENTSCOPE_ADMIN_PASSWORD is not set (else 409). */
export const POST = verbRoute(createFirstAdmin, ({ actor, cookieValue, expiresAt }, request) => {
  const response = NextResponse.json({ user: actorView(actor), expiresAt: expiresAt.toISOString() }, { status: 201 });
  response.headers.append("Set-Cookie", sessionCookie(cookieValue, request));
  return response;
});
