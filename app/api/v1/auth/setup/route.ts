import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/record-audit";
import { sessionCookie } from "@/lib/auth/cookies";
import { createFirstAdmin, ensureFirstAdmin, needsFirstAdmin } from "@/lib/auth/first-admin";
import { actorView } from "@/lib/auth/roles";
import { actorFromUser, createSession } from "@/lib/auth/sessions";
import { newPasswordSchema, usernameSchema } from "@/lib/auth/users";
import { clientAddress } from "@/lib/auth/request-address";

export const dynamic = "force-dynamic";

/** Public: whether the one-time "create the first admin" form is available. */
export const GET = apiRoute(async () => {
  await ensureFirstAdmin();
  return { needsFirstAdmin: await needsFirstAdmin() };
}, { access: "public" });

const setupSchema = z.object({ username: usernameSchema, password: newPasswordSchema });

/** Public, but only while there are no users and EVENTSCOPE_ADMIN_PASSWORD is not set (else 409). */
export const POST = apiRoute(async (request) => {
  const { username, password } = await parseJsonBody(request, setupSchema);
  await ensureFirstAdmin();
  const user = await createFirstAdmin(username, password);
  const actor = actorFromUser(user, "session")!;
  await recordAudit({ actor, action: "user.create-first-admin", target: `user:${user.username}`, params: { ip: clientAddress(request) } });
  const { cookieValue, expiresAt } = await createSession(user.id);
  const response = NextResponse.json({ user: actorView(actor), expiresAt: expiresAt.toISOString() }, { status: 201 });
  response.headers.append("Set-Cookie", sessionCookie(cookieValue, request));
  return response;
}, { access: "public" });
