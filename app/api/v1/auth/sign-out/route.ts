import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/record-audit";
import { SESSION_COOKIE, clearedSessionCookie, readCookie } from "@/lib/auth/cookies";
import { deleteSessionByCookie } from "@/lib/auth/sessions";

export const dynamic = "force-dynamic";

/** Public, so an expired session can still clear its cookie; ends the session row too. */
export const POST = apiRoute(async (request, _params, actor) => {
  const cookie = readCookie(request, SESSION_COOKIE);
  if (cookie) await deleteSessionByCookie(cookie);
  if (actor.via === "session") await recordAudit({ actor, action: "auth.sign-out", target: `user:${actor.username}` });
  const response = new NextResponse(null, { status: 204 });
  response.headers.append("Set-Cookie", clearedSessionCookie(request));
  return response;
}, { access: "public" });
