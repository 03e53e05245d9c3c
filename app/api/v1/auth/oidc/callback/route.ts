import { apiRoute } from "@/lib/api/handler";
import { finishSso } from "@/lib/auth/oidc-sign-in";

export const dynamic = "force-dynamic";

/**
 * Public, like sign-in: the identity provider sends the browser here before there is a session.
 * Nothing is trusted until the code exchange verifies (state, PKCE, ID token signature and nonce).
 */
export const GET = apiRoute(async (request) => finishSso(request), { access: "public" });
