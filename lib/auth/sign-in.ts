import "server-only";
import { NextResponse } from "next/server";
import { errorBody } from "@/lib/api/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db";
import { FailureLimiter, clientAddress } from "./failure-limiter";
import { ensureFirstAdmin } from "./first-admin";
import { verifyAgainstDecoy, verifyPassword } from "./passwords";
import { actorFromUser, createSession } from "./sessions";
import type { Actor } from "./roles";

// Password sign-in with rate limiting: 5 failures per address and username in 5 minutes, and 20
// per username from anywhere (so forged X-Forwarded-For headers do not buy more guesses). Every
// success, failure and the moment a limit trips are audited; the password never is.
const WINDOW_MS = 5 * 60 * 1000;

interface Limiters {
  perAddress: FailureLimiter;
  perUsername: FailureLimiter;
}
const globalLimiters = globalThis as typeof globalThis & { __eventscopeSignInLimiters?: Limiters };
const limiters: Limiters = (globalLimiters.__eventscopeSignInLimiters ??= {
  perAddress: new FailureLimiter(5, WINDOW_MS),
  perUsername: new FailureLimiter(20, WINDOW_MS),
});

export type SignInResult =
  | { ok: true; actor: Actor; cookieValue: string; expiresAt: Date }
  | { ok: false; response: Response };

const unauthorized = () =>
  NextResponse.json(errorBody("unauthorized", "Wrong username or password."), { status: 401 });

function tooMany(retryAfterSeconds: number) {
  return NextResponse.json(
    errorBody("rate-limited", `Too many failed sign-ins: try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, { retryAfterSeconds }),
    { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}

export async function signIn(request: Request, username: string, password: string): Promise<SignInResult> {
  const address = clientAddress(request);
  const addressKey = `${address}\u0000${username}`;
  const blocked = [limiters.perAddress.check(addressKey), limiters.perUsername.check(username)].find((check) => !check.allowed);
  if (blocked) return { ok: false, response: tooMany(blocked.retryAfterSeconds) };

  await ensureFirstAdmin();
  const db = await getDb();
  const user = await db.user.findUnique({ where: { username } });
  const passwordOk = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDecoy(password);
  const actor = passwordOk && user ? actorFromUser(user, "session") : null;

  if (!actor) {
    const reason = !user ? "unknown-user" : !passwordOk ? "wrong-password" : "disabled";
    const trippedAddress = limiters.perAddress.fail(addressKey);
    const trippedUsername = limiters.perUsername.fail(username);
    await recordAudit({ actor: username, action: "auth.sign-in-failed", target: `user:${username}`, params: { ip: address }, result: { reason } });
    if (trippedAddress || trippedUsername) {
      await recordAudit({
        actor: username,
        action: "auth.sign-in-rate-limited",
        target: `user:${username}`,
        params: { ip: address, scope: trippedAddress ? "address-and-username" : "username" },
      });
    }
    return { ok: false, response: unauthorized() };
  }

  limiters.perAddress.reset(addressKey);
  const { cookieValue, expiresAt } = await createSession(actor.id);
  await recordAudit({ actor, action: "auth.sign-in", target: `user:${actor.username}`, params: { ip: address } });
  return { ok: true, actor, cookieValue, expiresAt };
}
