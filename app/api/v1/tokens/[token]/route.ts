import { noContent, verbRoute } from "@/lib/api/verb-route";
import { revokeToken } from "@/lib/auth/verbs/revoke-token";

export const dynamic = "force-dynamic";

/** Revokes one of your tokens (admins: anyone's). The row stays, marked revoked, for the record. */
export const DELETE = verbRoute(revokeToken, noContent);
