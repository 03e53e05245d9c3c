import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SsoError, SsoSignIn } from "@/components/auth/sso-sign-in";
import { ensureFirstAdmin, needsFirstAdmin } from "@/lib/auth/first-admin";
import { isOidcConfigured } from "@/lib/auth/oidc-config";
import { ssoErrorMessage } from "@/lib/auth/oidc-errors";
import { getPageActor } from "@/lib/auth/page-session";
import { safeNextPath } from "@/lib/client/permissions";
import "@/components/auth/access.css";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

// Outside the console shell: the one page (with the API's health, sign-in and single sign-on routes) that needs no session.
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const raw = query.next;
  const next = safeNextPath(typeof raw === "string" ? raw : undefined);
  if (await getPageActor()) redirect(next);
  await ensureFirstAdmin();
  // A failed single sign-on comes back with a code; the text is ours (lib/auth/oidc-errors.ts).
  const ssoError = ssoErrorMessage(typeof query["sso-error"] === "string" ? query["sso-error"] : undefined);
  return (
    <main className="standalone">
      <div className="card sign-in-card">
        <div className="sign-in-brand">
          <span className="brand-mark" aria-hidden="true">◉</span>
          Eventscope
        </div>
        {ssoError ? <SsoError message={ssoError} /> : null}
        <SignInForm next={next} firstAdmin={await needsFirstAdmin()} />
        {isOidcConfigured() ? <SsoSignIn next={next} /> : null}
      </div>
    </main>
  );
}
