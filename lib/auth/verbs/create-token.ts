import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { createApiToken } from "@/lib/auth/api-tokens";
import * as contract from "@/lib/contract/access";
import { defineVerb } from "@/lib/verbs/verb";
import { requireTokenOwner } from "./require-token-owner";

/** POST /api/v1/tokens: a token for yourself; the answer is the only time its value is shown. */
export const createToken = defineVerb({
  operation: contract.createToken,
  audits: ["token.create"],
  async run({ actor, body: { name } }) {
    requireTokenOwner(actor);
    const { token, apiToken } = await createApiToken(actor.id, name);
    await recordAudit({ actor, action: "token.create", target: `token:${apiToken.id}`, params: { name, prefix: apiToken.prefix } });
    return { token, apiToken };
  },
});
