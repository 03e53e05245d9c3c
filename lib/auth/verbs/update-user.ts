import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { updateUser as changeUser } from "@/lib/auth/users";
import * as contract from "@/lib/contract/access";
import { defineVerb } from "@/lib/verbs/verb";

/** PATCH /api/v1/users/{user} (admin): role, disabled, canSeeClearValues and a new password (never logged, only that it changed). */
export const updateUser = defineVerb({
  operation: contract.updateUser,
  params: ["user"],
  audits: ["user.update"],
  async run({ actor, params, body }) {
    const user = await changeUser(actor, params.user, body);
    const { password, ...visible } = body;
    await recordAudit({ actor, action: "user.update", target: `user:${user.username}`, params: { ...visible, ...(password ? { passwordChanged: true } : {}) } });
    return { user };
  },
});
