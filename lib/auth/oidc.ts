import "server-only";
import * as client from "openid-client";
import { claimValues, isLoopbackUrl, readOidcConfig, type OidcConfig } from "./oidc-config";

// The OpenID Connect relying party, through openid-client (panva): discovery, the authorization URL
// with PKCE (S256), state and nonce, and the code exchange, which checks the state, the issuer, the
// ID token's signature, audience, expiry and nonce. What we keep between the two legs lives in a
// short-lived httpOnly cookie (lib/auth/oidc-flow-cookie.ts), not in server memory, so any instance
// of a multi-instance deployment can finish a flow another one started.

const DISCOVERY_TIMEOUT_SECONDS = 10;

interface Client {
  key: string;
  config: OidcConfig;
  configuration: client.Configuration;
}

// Discovery once per process and configuration; a failed discovery is not cached, so the next
// attempt tries again (the provider may have been down for a moment).
const globalClient = globalThis as typeof globalThis & { __eventscopeOidcClient?: Promise<Client> & { key?: string } };

function cacheKey(config: OidcConfig): string {
  return JSON.stringify([config.issuer.href, config.clientId, config.clientSecret ?? ""]);
}

/** The configuration (null when SSO is off) with its discovered provider; throws if unreachable. */
export async function getOidcClient(): Promise<Client | null> {
  const config = readOidcConfig();
  if (!config) return null;
  const key = cacheKey(config);
  const cached = globalClient.__eventscopeOidcClient;
  if (cached?.key === key) return { ...(await cached), config };
  const pending = discover(config, key);
  globalClient.__eventscopeOidcClient = Object.assign(pending, { key });
  pending.catch(() => {
    if (globalClient.__eventscopeOidcClient === pending) globalClient.__eventscopeOidcClient = undefined;
  });
  return pending;
}

async function discover(config: OidcConfig, key: string): Promise<Client> {
  // A confidential client authenticates with its secret (HTTP Basic, the default every provider
  // supports); without a secret it is a public client and PKCE alone protects the code.
  const auth = config.clientSecret ? client.ClientSecretBasic(config.clientSecret) : client.None();
  // Plain HTTP only for a provider on this machine (development, tests): oidc-config refuses others.
  const execute = isLoopbackUrl(config.issuer) ? [client.allowInsecureRequests] : [];
  const configuration = await client.discovery(config.issuer, config.clientId, config.clientSecret, auth, {
    execute,
    timeout: DISCOVERY_TIMEOUT_SECONDS,
  });
  return { key, config, configuration };
}

/** The secrets of one flow: kept in the flow cookie between start and callback. */
export interface FlowSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function authorizationUrl(oidc: Client): Promise<{ url: URL; secrets: FlowSecrets }> {
  const secrets: FlowSecrets = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
  const url = client.buildAuthorizationUrl(oidc.configuration, {
    redirect_uri: oidc.config.redirectUrl.href,
    scope: oidc.config.scopes,
    response_type: "code",
    code_challenge: await client.calculatePKCECodeChallenge(secrets.codeVerifier),
    code_challenge_method: "S256",
    state: secrets.state,
    nonce: secrets.nonce,
  });
  return { url, secrets };
}

/**
 * Exchanges the code from the callback's query for tokens and returns the ID token's claims, plus
 * the role claim from the UserInfo endpoint when the ID token does not carry it (Okta, Keycloak and
 * others put groups only there unless told otherwise). Throws on anything that does not verify.
 */
export async function exchangeCode(oidc: Client, callbackUrl: URL, secrets: FlowSecrets): Promise<Record<string, unknown>> {
  // The configured redirect URL, not the URL this request arrived at: behind a proxy they differ,
  // and the token endpoint requires exactly the redirect_uri of the authorization request.
  const currentUrl = new URL(oidc.config.redirectUrl);
  currentUrl.search = callbackUrl.search;
  const tokens = await client.authorizationCodeGrant(oidc.configuration, currentUrl, {
    pkceCodeVerifier: secrets.codeVerifier,
    expectedState: secrets.state,
    expectedNonce: secrets.nonce,
    idTokenExpected: true,
  });
  const claims = { ...(tokens.claims() as Record<string, unknown>) };
  const hasUserInfo = Boolean(oidc.configuration.serverMetadata().userinfo_endpoint);
  if (claimValues(claims, oidc.config.roleClaim).length === 0 && hasUserInfo && tokens.access_token) {
    const userInfo = await client.fetchUserInfo(oidc.configuration, tokens.access_token, String(claims.sub));
    for (const [name, value] of Object.entries(userInfo)) if (!(name in claims)) claims[name] = value;
  }
  return claims;
}
