import { NextResponse } from "next/server";
import { verbRoute } from "@/lib/api/verb-route";
import { clearedSessionCookie } from "@/lib/auth/cookies";
import { signOut } from "@/lib/auth/verbs/sign-out";

export const dynamic = "force-dynamic";

/** Public, so an expired session can still clear its cookie; ends the session row too. */
export const POST = verbRoute(signOut, (_result, request) => {
  const response = new NextResponse(null, { status: 204 });
  response.headers.append("Set-Cookie", clearedSessionCookie(request));
  return response;
});
