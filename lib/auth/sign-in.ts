import "server-only";
import { NextResponse } from "next/server";
import { errorBody } from "@/lib/api/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { getDb } from "@/lib/db";
import { addressKey } from "./client-address";
import { ensureFirstAdmin } from "./first-admin";
import { HashGate, SIGN_IN_BUSY_RETRY_AFTER_SECONDS, SIGN_IN_HASH_CONCURRENCY, SIGN_IN_HASH_QUEUE } from "./hash-gate";
import { verifyAgainstDecoy, verifyPassword } from "./passwords";
import { clientAddress } from "./request-address";
import { SignInLimiter, type LimitScope } from "./sign-in-limiter";
import { actorFromUser, createSession } from "./sessions";
import type { Actor } from "./roles";

// Password sign-in. In order: the failure limits (sign-in-limiter.ts: per address, per username and
// address, and a global budget; back-off, never a lock), a slot for the password check (hash-gate.ts),
// the limits again (attempts that queued behind failures of the same client see them now), the
// check, then the outcome recorded before the slot is freed. Every success, failure and the moment a
// limit starts backing off is audited; the password never is.

interface SignInGuards {
  limiter: SignInLimiter;
  hashGate: HashGate;
}
const state = globalThis as typeof globalThis & { __eventscopeSignInGuards?: SignInGuards };
/** One per process (dev reloads and bundler copies of this module share it). Exported for tests. */
export const signInGuards: SignInGuards = (state.__eventscopeSignInGuards ??= {
  limiter: new SignInLimiter(),
  hashGate: new HashGate(SIGN_IN_HASH_CONCURRENCY, SIGN_IN_HASH_QUEUE),
});

export type SignInResult =
  | { ok: true; actor: Actor; cookieValue: string; expiresAt: Date }
  | { ok: false; response: Response };

const unauthorized = () =>
  NextResponse.json(errorBody("unauthorized", "Wrong username or password."), { status: 401 });

function rateLimited(message: string, retryAfterSeconds: number): SignInResult {
  return {
    ok: false,
    response: NextResponse.json(errorBody("rate-limited", message, { retryAfterSeconds }), {
      status: 429,
      headers: { "Retry-After": String(retryAfterSeconds) },
    }),
  };
}

function backOff(retryAfterSeconds: number): SignInResult {
  const wait = retryAfterSeconds < 120 ? `${retryAfterSeconds} second(s)` : `${Math.ceil(retryAfterSeconds / 60)} minute(s)`;
  return rateLimited(`Too many failed sign-ins: try again in ${wait}.`, retryAfterSeconds);
}

export async function signIn(request: Request, username: string, password: string): Promise<SignInResult> {
  const { limiter, hashGate } = signInGuards;
  const address = clientAddress(request);
  const key = addressKey(address);
  const before = limiter.check(key, username, Date.now());
  if (!before.allowed) return backOff(before.retryAfterSeconds);

  await ensureFirstAdmin();
  const db = await getDb();
  const user = await db.user.findUnique({ where: { username } });

  const entered = hashGate.tryEnter();
  if (!entered) return rateLimited("Too many sign-ins at once: try again in a second.", SIGN_IN_BUSY_RETRY_AFTER_SECONDS);
  const release = await entered;
  let actor: Actor | null;
  let reason = "";
  let tripped: LimitScope[] = [];
  try {
    // Attempts that queued behind failures of the same client see those failures now.
    const recheck = limiter.check(key, username, Date.now());
    if (!recheck.allowed) return backOff(recheck.retryAfterSeconds);
    const passwordOk = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDecoy(password);
    actor = passwordOk && user ? actorFromUser(user, "session") : null;
    if (actor) limiter.recordSuccess(key, username);
    else {
      reason = !user ? "unknown-user" : !passwordOk ? "wrong-password" : "disabled";
      tripped = limiter.recordFailure(key, username, Date.now());
    }
  } finally {
    release();
  }

  if (!actor) {
    await recordAudit({ actor: username, action: "auth.sign-in-failed", target: `user:${username}`, params: { ip: address }, result: { reason } });
    for (const scope of tripped) {
      await recordAudit({ actor: username, action: "auth.sign-in-rate-limited", target: `user:${username}`, params: { ip: address, scope } });
    }
    return { ok: false, response: unauthorized() };
  }

  const { cookieValue, expiresAt } = await createSession(actor.id);
  await recordAudit({ actor, action: "auth.sign-in", target: `user:${actor.username}`, params: { ip: address } });
  return { ok: true, actor, cookieValue, expiresAt };
}
