import { apiRoute } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/record-audit";
import { revokeApiToken } from "@/lib/auth/api-tokens";

export const dynamic = "force-dynamic";

/** Revokes one of your tokens (admins: anyone's). The row stays, marked revoked, for the record. */
export const DELETE = apiRoute<{ token: string }>(async (_request, { token: tokenId }, actor) => {
  const token = await revokeApiToken(actor, tokenId);
  await recordAudit({ actor, action: "token.revoke", target: `token:${token.id}`, params: { name: token.name, prefix: token.prefix, owner: token.username } });
  return new Response(null, { status: 204 });
});
