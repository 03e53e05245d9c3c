import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { createFirstAdmin as storeFirstAdmin, ensureFirstAdmin } from "@/lib/auth/first-admin";
import { clientAddress } from "@/lib/auth/request-address";
import { actorFromUser, createSession } from "@/lib/auth/sessions";
import * as contract from "@/lib/contract/access";
import { defineVerb } from "@/lib/verbs/verb";

/** POST /api/v1/auth/setup (public): only while there are no users and EVENTSCOPE_ADMIN_PASSWORD is not set (else 409). */
export const createFirstAdmin = defineVerb({
  operation: contract.createFirstAdmin,
  audits: ["user.create-first-admin"],
  async run({ body: { username, password }, request }) {
    await ensureFirstAdmin();
    const user = await storeFirstAdmin(username, password);
    const actor = actorFromUser(user, "session")!;
    await recordAudit({ actor, action: "user.create-first-admin", target: `user:${user.username}`, params: { ip: clientAddress(request) } });
    const { cookieValue, expiresAt } = await createSession(user.id);
    return { actor, cookieValue, expiresAt };
  },
});
