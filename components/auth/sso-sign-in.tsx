import { ssoStartPath } from "@/lib/auth/oidc-config";

/**
 * "Sign in with SSO" under the password form (app/sign-in/page.tsx), shown when single sign-on is
 * configured. A plain link, not a fetch: the flow is a chain of full-page redirects through the
 * identity provider and back to /api/v1/auth/oidc/callback.
 */
export function SsoSignIn({ next }: { next: string }) {
  return (
    <div className="sso-sign-in">
      <span className="sso-divider">or</span>
      <a className="btn btn-secondary sso-button" href={ssoStartPath(next)}>
        Sign in with SSO
      </a>
    </div>
  );
}

/** Why the last single sign-on failed, in our words (the URL carries only a code). */
export function SsoError({ message }: { message: string }) {
  return (
    <div className="form-error sso-error" role="alert">
      {message}
    </div>
  );
}
