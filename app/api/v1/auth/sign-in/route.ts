import { NextResponse } from "next/server";
import { verbRoute } from "@/lib/api/verb-route";
import { sessionCookie } from "@/lib/auth/cookies";
import { actorView } from "@/lib/auth/roles";
import { signIn } from "@/lib/auth/verbs/sign-in";

export const dynamic = "force-dynamic";

/** Public: checks the password (rate-limited), then sets the session cookie. */
export const POST = verbRoute(signIn, (outcome, request) => {
  if (!outcome.ok) return outcome.response;
  const response = NextResponse.json({ user: actorView(outcome.actor), expiresAt: outcome.expiresAt.toISOString() });
  response.headers.append("Set-Cookie", sessionCookie(outcome.cookieValue, request));
  return response;
});
