// Why a single sign-on attempt ended on the sign-in page. The callback redirects with ?sso-error=<code>
// and the page shows the text below: the URL carries a code, never text, so nobody can put their own
// words on our sign-in page with a crafted link. Plain module: the sign-in page imports it.
export const SSO_ERROR_MESSAGES = {
  "not-configured": "Single sign-on is not configured on this console: sign in with a password.",
  "provider-unavailable": "The identity provider could not be reached. Try again, or sign in with a password.",
  expired: "The single sign-on attempt expired or was started in another browser tab or window. Start it again.",
  cancelled: "The identity provider did not sign you in (cancelled or refused there).",
  invalid: "The identity provider's answer could not be verified, so the sign-in was refused. Start it again.",
  "no-role":
    "You are signed in at the identity provider, but none of your groups gives access to Eventscope. Ask an administrator to add you to a group listed in EVENTSCOPE_OIDC_ROLE_MAP.",
  disabled: "Your Eventscope account is disabled. Ask an administrator.",
} as const;

export type SsoErrorCode = keyof typeof SSO_ERROR_MESSAGES;

export function ssoErrorMessage(code: string | undefined): string | null {
  if (!code || !Object.hasOwn(SSO_ERROR_MESSAGES, code)) return null;
  return SSO_ERROR_MESSAGES[code as SsoErrorCode];
}
