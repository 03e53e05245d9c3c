import type { Actor } from "@/lib/auth/roles";
import { constantTimeEqual } from "@/lib/auth/secret-tokens";

// Vercel Cron calls the cron route with `Authorization: Bearer $CRON_SECRET` when the project has a
// CRON_SECRET variable. That secret opens the cron route and nothing else (lib/api/handler.ts
// `alsoAccept`); an admin token works there too, for running it by hand.

/** Shorter secrets are ignored, as for the bootstrap admin token: guessable ones must not open anything. */
export const MIN_CRON_SECRET_LENGTH = 16;

export const CRON_ACTOR: Actor = { id: "cron", username: "cron", role: "admin", canSeeClearValues: false, via: "cron-secret" };

/** True when `authorization` is exactly `Bearer <secret>` and the secret is long enough to count. */
export function isCronAuthorization(authorization: string | null, secret: string | undefined): boolean {
  if (!authorization || !secret || secret.length < MIN_CRON_SECRET_LENGTH) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match !== null && constantTimeEqual(match[1]!, secret);
}

/** For apiRoute's `alsoAccept`: the cron actor when the request carries CRON_SECRET. */
export function cronSecretActor(request: Request, env: Record<string, string | undefined> = process.env): Actor | null {
  return isCronAuthorization(request.headers.get("authorization"), env.CRON_SECRET?.trim()) ? CRON_ACTOR : null;
}
