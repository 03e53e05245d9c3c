import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { createUser as storeUser } from "@/lib/auth/users";
import * as contract from "@/lib/contract/access";
import { defineVerb } from "@/lib/verbs/verb";

/** POST /api/v1/users (admin). */
export const createUser = defineVerb({
  operation: contract.createUser,
  audits: ["user.create"],
  async run({ actor, body }) {
    const user = await storeUser(body);
    await recordAudit({ actor, action: "user.create", target: `user:${user.username}`, params: { role: user.role, canSeeClearValues: user.canSeeClearValues } });
    return { user };
  },
});
