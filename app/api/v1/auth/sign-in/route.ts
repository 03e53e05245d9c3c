import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute, parseJsonBody } from "@/lib/api/handler";
import { sessionCookie } from "@/lib/auth/cookies";
import { actorView } from "@/lib/auth/roles";
import { signIn } from "@/lib/auth/sign-in";
import { usernameSchema } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

const signInSchema = z.object({ username: usernameSchema, password: z.string().min(1, "password is required").max(1024) });

/** Public: checks the password (rate-limited), then sets the session cookie. */
export const POST = apiRoute(async (request) => {
  const { username, password } = await parseJsonBody(request, signInSchema);
  const outcome = await signIn(request, username, password);
  if (!outcome.ok) return outcome.response;
  const response = NextResponse.json({ user: actorView(outcome.actor), expiresAt: outcome.expiresAt.toISOString() });
  response.headers.append("Set-Cookie", sessionCookie(outcome.cookieValue, request));
  return response;
}, { access: "public" });
