import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAdmin } from "../support/auth";
import { startOidcProvider, type TestOidcProvider } from "../support/oidc-provider";
import { call, jsonInit } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";

// Single sign-on against a real OpenID Connect provider (oidc-provider, in this process): the
// browser's part is played by a redirect follower with a cookie jar, which fetches the provider over
// HTTP and calls Eventscope's route handlers in-process for localhost:3000. Checks the whole chain:
// start -> provider -> callback -> session, the role mapping, refusals and their audit records.
const { cleanup } = useTempConsoleEnv("eventscope-oidc-", { clusters: [] });
delete process.env.EVENTSCOPE_ADMIN_PASSWORD;

const APP = "http://localhost:3000";
const REDIRECT_URI = `${APP}/api/v1/auth/oidc/callback`;
const OIDC_ENV = [
  "EVENTSCOPE_OIDC_ISSUER",
  "EVENTSCOPE_OIDC_CLIENT_ID",
  "EVENTSCOPE_OIDC_CLIENT_SECRET",
  "EVENTSCOPE_OIDC_REDIRECT_URL",
  "EVENTSCOPE_OIDC_SCOPES",
  "EVENTSCOPE_OIDC_ROLE_CLAIM",
  "EVENTSCOPE_OIDC_ROLE_MAP",
];

type Handler = (request: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>;
let provider: TestOidcProvider;
const routes: Record<string, Handler> = {};

/** Cookies per host, as a browser keeps them (paths and expiry are not needed for these flows). */
class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>();
  header(url: URL): string {
    return [...(this.byHost.get(url.host) ?? new Map()).entries()].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  store(url: URL, response: Response): void {
    const cookies = this.byHost.get(url.host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair!.indexOf("=");
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (!value || /;\s*max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.byHost.set(url.host, cookies);
  }
  get(host: string, name: string): string | undefined {
    return this.byHost.get(host)?.get(name);
  }
}

interface Hop {
  url: URL;
  status: number;
  setCookies: string[];
}

/**
 * Follows redirects like a browser from `start` until the chain reaches a console page (not an API
 * route) or stops redirecting. `intercept` may rewrite a URL before it is requested (to tamper).
 */
async function browse(start: string, jar = new CookieJar(), intercept?: (url: URL) => URL): Promise<{ landing: URL; jar: CookieJar; hops: Hop[] }> {
  let url = new URL(start, APP);
  const hops: Hop[] = [];
  for (let step = 0; step < 20; step++) {
    if (intercept) url = intercept(url);
    let response: Response;
    if (url.origin === APP) {
      if (!url.pathname.startsWith("/api/")) return { landing: url, jar, hops };
      const handler = routes[url.pathname];
      if (!handler) throw new Error(`no route handler for ${url.pathname}`);
      const request = new Request(url, { headers: { host: "localhost:3000", cookie: jar.header(url) } });
      response = await handler(request, { params: Promise.resolve({}) });
    } else {
      response = await fetch(url, { redirect: "manual", headers: { cookie: jar.header(url) } });
    }
    jar.store(url, response);
    hops.push({ url, status: response.status, setCookies: response.headers.getSetCookie() });
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`the flow stopped at ${url.href} with ${response.status}: ${(await response.text()).slice(0, 300)}`);
    }
    await response.body?.cancel();
    url = new URL(location, url);
  }
  throw new Error("too many redirects");
}

async function signInWithSso(sub: string, next = "/topics?cluster=a") {
  provider.signInAs(sub);
  const { landing, jar, hops } = await browse(`/api/v1/auth/oidc/start?next=${encodeURIComponent(next)}`);
  return { landing, session: jar.get("localhost:3000", "eventscope_session"), jar, hops };
}

const withSession = (session: string | undefined) => ({ headers: { cookie: `eventscope_session=${session}` } });
const me = (session: string | undefined) => call(routes["/api/v1/auth/me"]!, "/api/v1/auth/me", {}, withSession(session));

async function auditEvents(action: string) {
  const audit = await call(routes["/api/v1/audit"]!, `/api/v1/audit?action=${action}&limit=50`, {}, asAdmin());
  return audit.body.events as { actor: string; action: string; target: string; params: Record<string, unknown>; result: Record<string, unknown> | null }[];
}

beforeAll(async () => {
  provider = await startOidcProvider({ redirectUri: REDIRECT_URI });
  Object.assign(process.env, {
    EVENTSCOPE_OIDC_ISSUER: provider.issuer,
    EVENTSCOPE_OIDC_CLIENT_ID: provider.clientId,
    EVENTSCOPE_OIDC_CLIENT_SECRET: provider.clientSecret,
    EVENTSCOPE_OIDC_REDIRECT_URL: REDIRECT_URI,
    // The provider releases "groups" for its own scope, and only through UserInfo (as Dex and others do).
    EVENTSCOPE_OIDC_SCOPES: "openid email profile groups",
    EVENTSCOPE_OIDC_ROLE_MAP: "eventscope-admins=admin,eventscope-ops=operator",
  });
  delete process.env.EVENTSCOPE_OIDC_ROLE_CLAIM;
  provider.setAccount("sub-olivia", { preferred_username: "olivia", email: "olivia@example.com", groups: ["staff", "eventscope-ops"] });
  provider.setAccount("sub-ada", { preferred_username: "ada", groups: ["eventscope-admins", "eventscope-ops"] });
  provider.setAccount("sub-nina", { preferred_username: "nina", groups: ["marketing"] });
  provider.setAccount("sub-lena", { preferred_username: "lena", groups: ["eventscope-ops"] });
  const users = await import("@/app/api/v1/users/route");
  Object.assign(routes, {
    "/api/v1/auth/oidc/start": (await import("@/app/api/v1/auth/oidc/start/route")).GET,
    "/api/v1/auth/oidc/callback": (await import("@/app/api/v1/auth/oidc/callback/route")).GET,
    "/api/v1/auth/me": (await import("@/app/api/v1/auth/me/route")).GET,
    "/api/v1/audit": (await import("@/app/api/v1/audit/route")).GET,
    "/api/v1/users": users.GET,
    "POST /api/v1/users": users.POST,
    "POST /api/v1/auth/sign-in": (await import("@/app/api/v1/auth/sign-in/route")).POST,
  });
}, 120_000);

afterAll(async () => {
  for (const name of OIDC_ENV) delete process.env[name];
  await provider?.close();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("single sign-on with a real OpenID Connect provider", () => {
  it("starts with PKCE, state and nonce, kept in a short-lived httpOnly cookie", async () => {
    const response = await routes["/api/v1/auth/oidc/start"]!(new Request(`${APP}/api/v1/auth/oidc/start?next=/dlq`, { headers: { host: "localhost:3000" } }), {
      params: Promise.resolve({}),
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(location.origin).toBe(provider.issuer);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: provider.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: "openid email profile groups",
      code_challenge_method: "S256",
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{43}$/),
      nonce: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(response.headers.get("set-cookie")).toMatch(/^eventscope_oidc=[\w-]+; Path=\/api\/v1\/auth\/oidc; HttpOnly; SameSite=Lax; Max-Age=600$/);
    await response.body?.cancel();
  });

  it("signs a user in eventscope-ops in as an operator, with a working session, and lands on the page asked for", async () => {
    const { landing, session, hops } = await signInWithSso("sub-olivia");
    expect(landing.pathname + landing.search).toBe("/topics?cluster=a");
    expect(hops.map((hop) => `${hop.url.origin === provider.issuer ? "provider" : "console"} ${hop.url.pathname.replace(/\/[\w-]{20,}$/, "/:id")}`)).toEqual([
      "console /api/v1/auth/oidc/start",
      "provider /auth",
      "provider /interaction/:id",
      "provider /auth/:id",
      "provider /interaction/:id",
      "provider /auth/:id",
      "console /api/v1/auth/oidc/callback",
    ]);
    const callback = hops.find((hop) => hop.url.pathname === "/api/v1/auth/oidc/callback")!;
    expect(callback.setCookies).toEqual(expect.arrayContaining([expect.stringMatching(/^eventscope_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/)]));
    expect(callback.setCookies).toEqual(expect.arrayContaining([expect.stringMatching(/^eventscope_oidc=; .*Max-Age=0/)]));

    const who = await me(session);
    expect(who.status).toBe(200);
    expect(who.body.user).toMatchObject({ username: "olivia", role: "operator", via: "session", canSeeClearValues: false });
    // An operator reads the audit trail, but managing users needs admin.
    expect((await call(routes["/api/v1/audit"]!, "/api/v1/audit?limit=1", {}, withSession(session))).status).toBe(200);
    expect((await call(routes["/api/v1/users"]!, "/api/v1/users", {}, withSession(session))).status).toBe(403);

    const [signedIn] = await auditEvents("auth.sign-in");
    expect(signedIn).toMatchObject({ actor: "olivia", target: "user:olivia", params: { method: "sso", via: "session", role: "operator", matched: ["eventscope-ops"] } });
  });

  it("keeps SSO users without a password: listed as sso, and password sign-in does not work for them", async () => {
    const users = await call(routes["/api/v1/users"]!, "/api/v1/users", {}, asAdmin());
    expect(users.body.users.find((user: { username: string }) => user.username === "olivia")).toMatchObject({ role: "operator", sso: true, disabled: false });
    const { getDb } = await import("@/lib/db");
    const row = await (await getDb()).user.findUnique({ where: { username: "olivia" } });
    expect(row).toMatchObject({ passwordHash: null, ssoSubject: `${provider.issuer} sub-olivia` });
    const attempt = await call(routes["POST /api/v1/auth/sign-in"]!, "/api/v1/auth/sign-in", {}, jsonInit("POST", { username: "olivia", password: "anything-at-all-1" }));
    expect(attempt.status).toBe(401);
  });

  it("gives the highest mapped role, and follows the provider's groups at the next sign-in", async () => {
    const ada = await signInWithSso("sub-ada", "/");
    expect(ada.landing.pathname).toBe("/");
    expect((await me(ada.session)).body.user).toMatchObject({ username: "ada", role: "admin" });

    const before = (await me((await signInWithSso("sub-olivia")).session)).body.user;
    provider.setAccount("sub-olivia", { preferred_username: "olivia", groups: ["eventscope-admins"] });
    const promoted = await signInWithSso("sub-olivia");
    const after = (await me(promoted.session)).body.user;
    expect(after).toMatchObject({ id: before.id, username: "olivia", role: "admin" });
    provider.setAccount("sub-olivia", { preferred_username: "olivia", groups: ["eventscope-ops"] });
    expect((await me((await signInWithSso("sub-olivia")).session)).body.user.role).toBe("operator");
  });

  it("refuses a user none of whose groups is mapped, says why on the sign-in page, and audits it", async () => {
    const { landing, session } = await signInWithSso("sub-nina", "/dlq");
    expect(landing.pathname).toBe("/sign-in");
    expect(Object.fromEntries(landing.searchParams)).toEqual({ "sso-error": "no-role", next: "/dlq" });
    expect(session).toBeUndefined();
    const users = await call(routes["/api/v1/users"]!, "/api/v1/users", {}, asAdmin());
    expect(users.body.users.map((user: { username: string }) => user.username)).not.toContain("nina");
    const [failed] = await auditEvents("auth.sign-in-failed");
    expect(failed).toMatchObject({ actor: "nina", params: { method: "sso" }, result: { reason: "no-mapped-role", claim: "groups", found: ["marketing"] } });
    const { ssoErrorMessage } = await import("@/lib/auth/oidc-errors");
    expect(ssoErrorMessage("no-role")).toMatch(/none of your groups gives access/);
  });

  it("never lets a provider account take over a local user of the same name", async () => {
    const local = await call(routes["POST /api/v1/users"]!, "/api/v1/users", {}, asAdmin(jsonInit("POST", { username: "lena", password: "lena-password-123", role: "admin" })));
    expect(local.status).toBe(201);
    const { session } = await signInWithSso("sub-lena");
    const user = (await me(session)).body.user;
    expect(user.username).toMatch(/^lena-[0-9a-f]{6}$/);
    expect(user).toMatchObject({ role: "operator" });
    expect(user.id).not.toBe(local.body.user.id);
  });

  it("refuses a disabled SSO user", async () => {
    const { getDb } = await import("@/lib/db");
    await (await getDb()).user.update({ where: { username: "ada" }, data: { disabled: true } });
    const { landing, session } = await signInWithSso("sub-ada");
    expect(landing.searchParams.get("sso-error")).toBe("disabled");
    expect(session).toBeUndefined();
  });

  it("refuses a callback whose state was changed, or that comes without the flow cookie", async () => {
    provider.signInAs("sub-olivia");
    const tampered = await browse("/api/v1/auth/oidc/start", new CookieJar(), (url) => {
      if (url.pathname !== "/api/v1/auth/oidc/callback") return url;
      const changed = new URL(url);
      changed.searchParams.set("state", "forged-state-value");
      return changed;
    });
    expect(tampered.landing.searchParams.get("sso-error")).toBe("invalid");
    expect(tampered.jar.get("localhost:3000", "eventscope_session")).toBeUndefined();

    // A callback URL replayed in another browser (no flow cookie) goes nowhere.
    let callbackUrl: URL | undefined;
    await browse("/api/v1/auth/oidc/start", new CookieJar(), (url) => {
      if (url.pathname === "/api/v1/auth/oidc/callback" && !callbackUrl) {
        callbackUrl = url;
        return new URL("/sign-in", APP);
      }
      return url;
    });
    expect(callbackUrl?.searchParams.get("code")).toBeTruthy();
    const replayed = await browse(callbackUrl!.href);
    expect(replayed.landing.searchParams.get("sso-error")).toBe("expired");

    const reasons = (await auditEvents("auth.sign-in-failed")).map((event) => event.result?.reason);
    expect(reasons).toEqual(expect.arrayContaining(["verification-failed", "no-flow-cookie"]));
  });

  it("sends the browser back to the sign-in page when the provider refuses or cannot be reached", async () => {
    const refused = await browse(`/api/v1/auth/oidc/callback?error=access_denied&state=x`);
    expect(refused.landing.searchParams.get("sso-error")).toBe("cancelled");

    process.env.EVENTSCOPE_OIDC_ISSUER = "http://127.0.0.1:9";
    try {
      const down = await browse("/api/v1/auth/oidc/start?next=/dlq");
      expect(Object.fromEntries(down.landing.searchParams)).toEqual({ "sso-error": "provider-unavailable", next: "/dlq" });
    } finally {
      process.env.EVENTSCOPE_OIDC_ISSUER = provider.issuer;
    }

    const saved = Object.fromEntries(OIDC_ENV.map((name) => [name, process.env[name]]));
    for (const name of OIDC_ENV) delete process.env[name];
    try {
      const off = await browse("/api/v1/auth/oidc/start");
      expect(Object.fromEntries(off.landing.searchParams)).toEqual({ "sso-error": "not-configured" });
    } finally {
      for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
    }
  });
});
