import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import * as contract from "@/lib/contract/access";
import { defineVerb } from "@/lib/verbs/verb";

/** DELETE /api/v1/tokens/{token}: one of your tokens (admins: anyone's). The row stays, marked revoked, for the record. */
export const revokeToken = defineVerb({
  operation: contract.revokeToken,
  params: ["token"],
  audits: ["token.revoke"],
  async run({ actor, params }) {
    const token = await revokeApiToken(actor, params.token);
    await recordAudit({ actor, action: "token.revoke", target: `token:${token.id}`, params: { name: token.name, prefix: token.prefix, owner: token.username } });
  },
});
