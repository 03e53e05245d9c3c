import { apiRoute } from "@/lib/api/handler";
import { startSso } from "@/lib/auth/oidc-sign-in";

export const dynamic = "force-dynamic";

/**
 * Public, like sign-in: it is how someone without a session gets one. It only redirects to the
 * configured identity provider (or back to the sign-in page when single sign-on is off).
 */
export const GET = apiRoute(async (request) => startSso(request), { access: "public" });
