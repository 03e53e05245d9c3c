import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { SESSION_COOKIE, readCookie } from "@/lib/auth/cookies";
import { deleteSessionByCookie } from "@/lib/auth/sessions";
import * as contract from "@/lib/contract/access";
import { defineVerb } from "@/lib/verbs/verb";

/** POST /api/v1/auth/sign-out (public, so an expired session can still clear its cookie): ends the session row too. */
export const signOut = defineVerb({
  operation: contract.signOut,
  audits: ["auth.sign-out"],
  async run({ actor, request }) {
    const cookie = readCookie(request, SESSION_COOKIE);
    if (cookie) await deleteSessionByCookie(cookie);
    // Only a session signs out; a token or nobody has nothing to end.
    if (actor.via === "session") await recordAudit({ actor, action: "auth.sign-out", target: `user:${actor.username}` });
  },
});
