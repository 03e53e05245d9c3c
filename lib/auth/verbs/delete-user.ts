import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { deleteUser as removeUser } from "@/lib/auth/users";
import * as contract from "@/lib/contract/access";
import { defineVerb } from "@/lib/verbs/verb";

/** DELETE /api/v1/users/{user} (admin): their sessions and tokens go too. */
export const deleteUser = defineVerb({
  operation: contract.deleteUser,
  params: ["user"],
  audits: ["user.delete"],
  async run({ actor, params }) {
    const user = await removeUser(actor, params.user);
    await recordAudit({ actor, action: "user.delete", target: `user:${user.username}` });
  },
});
