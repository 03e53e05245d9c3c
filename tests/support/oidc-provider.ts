import http from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync } from "node:crypto";
import Provider from "oidc-provider";

// A real OpenID Connect provider for tests: panva's oidc-provider (certified by the OpenID
// Foundation), in this process on a random loopback port, with one confidential client, an RS256
// signing key made for the run, and accounts the test defines. Instead of a login form, its
// interaction step signs in whichever account the test chose with `signInAs` and consents to what
// the client asked for: everything else (discovery, JWKS, PKCE, state, ID token, UserInfo) is the
// provider's own code, so Eventscope's relying party is tested against a real peer.

export interface TestAccount {
  preferred_username?: string;
  email?: string;
  groups?: string[];
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Defines (or replaces) an account; its id is the `sub` claim. */
  setAccount(sub: string, account: TestAccount): void;
  /** The account the next authorization request signs in as. */
  signInAs(sub: string): void;
  close(): Promise<void>;
}

export async function startOidcProvider(options: { redirectUri: string; clientId?: string; clientSecret?: string }): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? "eventscope-test";
  const clientSecret = options.clientSecret ?? "eventscope-test-client-secret-0123456789";
  const accounts = new Map<string, TestAccount>();
  let nextSubject: string | undefined;

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signingKey = { ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }), kid: "test-rs256", alg: "RS256", use: "sig" };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ["oidc-provider-test-cookie-key"] },
    pkce: { required: () => true },
    scopes: ["openid", "email", "profile", "groups"],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["preferred_username", "name"], groups: ["groups"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...account, ...(account.email ? { email_verified: true } : {}) }) };
    },
  });

  const providerCallback = provider.callback();
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!req.url?.startsWith("/interaction/")) return providerCallback(req, res);
    void finishInteraction(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  async function finishInteraction(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === "login") {
      if (!nextSubject || !accounts.has(nextSubject)) throw new Error(`no test account chosen (signInAs) or unknown: ${nextSubject}`);
      await provider.interactionFinished(req, res, { login: { accountId: nextSubject } }, { mergeWithLastSubmission: false });
      return;
    }
    // Consent: grant exactly what the client asked for.
    const accountId = details.session?.accountId;
    if (!accountId) throw new Error("consent without a signed-in account");
    const grant = details.grantId ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId })) : new provider.Grant({ accountId, clientId });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(" "));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  return {
    issuer,
    clientId,
    clientSecret,
    setAccount: (sub, account) => void accounts.set(sub, account),
    signInAs: (sub) => {
      nextSubject = sub;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
