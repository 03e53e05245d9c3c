import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { SsoError, SsoSignIn } from "@/components/auth/sso-sign-in";
import { claimValues, decideRole, parseRoleMap, readOidcConfig, ssoStartPath, usernameFromClaims } from "@/lib/auth/oidc-config";
import { ssoErrorMessage } from "@/lib/auth/oidc-errors";

const base = {
  EVENTSCOPE_OIDC_ISSUER: "https://id.example.com/realms/ops",
  EVENTSCOPE_OIDC_CLIENT_ID: "eventscope",
  EVENTSCOPE_OIDC_CLIENT_SECRET: "s3cret",
  EVENTSCOPE_PUBLIC_URL: "https://console.example.com",
  EVENTSCOPE_OIDC_ROLE_MAP: "eventscope-admins=admin,eventscope-ops=operator,*=viewer",
};

const errorOf = (env: Record<string, string>) => {
  try {
    readOidcConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  return "no error";
};

describe("readOidcConfig", () => {
  it("is off when no EVENTSCOPE_OIDC_* variable is set", () => {
    expect(readOidcConfig({ EVENTSCOPE_PUBLIC_URL: "https://console.example.com" })).toBeNull();
  });

  it("reads a full configuration with defaults and a redirect URL derived from EVENTSCOPE_PUBLIC_URL", () => {
    const config = readOidcConfig(base)!;
    expect(config.issuer.href).toBe("https://id.example.com/realms/ops");
    expect(config.clientId).toBe("eventscope");
    expect(config.clientSecret).toBe("s3cret");
    expect(config.redirectUrl.href).toBe("https://console.example.com/api/v1/auth/oidc/callback");
    expect(config.scopes).toBe("openid email profile");
    expect(config.roleClaim).toBe("groups");
    expect(config.roleMap).toEqual([
      { value: "eventscope-admins", role: "admin" },
      { value: "eventscope-ops", role: "operator" },
      { value: "*", role: "viewer" },
    ]);
  });

  it("keeps a path in EVENTSCOPE_PUBLIC_URL and prefers an explicit redirect URL", () => {
    expect(readOidcConfig({ ...base, EVENTSCOPE_PUBLIC_URL: "https://tools.example.com/eventscope/" })!.redirectUrl.href).toBe(
      "https://tools.example.com/eventscope/api/v1/auth/oidc/callback",
    );
    const explicit = readOidcConfig({ ...base, EVENTSCOPE_OIDC_REDIRECT_URL: "https://other.example.com/api/v1/auth/oidc/callback" })!;
    expect(explicit.redirectUrl.host).toBe("other.example.com");
  });

  it("allows a public client without a secret, and plain http only on localhost", () => {
    const { EVENTSCOPE_OIDC_CLIENT_SECRET: _secret, ...publicClient } = base;
    expect(readOidcConfig(publicClient)!.clientSecret).toBeUndefined();
    expect(readOidcConfig({ ...base, EVENTSCOPE_OIDC_ISSUER: "http://127.0.0.1:9000" })!.issuer.port).toBe("9000");
    expect(errorOf({ ...base, EVENTSCOPE_OIDC_ISSUER: "http://id.example.com" })).toMatch(/^EVENTSCOPE_OIDC_ISSUER: use an https:\/\/ URL/);
  });

  it("names the variable that is wrong or missing", () => {
    expect(errorOf({ EVENTSCOPE_OIDC_CLIENT_ID: "x" })).toBe("EVENTSCOPE_OIDC_ISSUER: is required for single sign-on (EVENTSCOPE_OIDC_CLIENT_ID is set)");
    expect(errorOf({ ...base, EVENTSCOPE_OIDC_ISSUER: "not a url" })).toBe('EVENTSCOPE_OIDC_ISSUER: "not a url" is not a URL');
    expect(errorOf({ ...base, EVENTSCOPE_OIDC_CLIENT_ID: "" })).toMatch(/^EVENTSCOPE_OIDC_CLIENT_ID: is required/);
    expect(errorOf({ ...base, EVENTSCOPE_PUBLIC_URL: "" })).toMatch(/^EVENTSCOPE_OIDC_REDIRECT_URL: set it .* or set EVENTSCOPE_PUBLIC_URL/);
    expect(errorOf({ ...base, EVENTSCOPE_OIDC_REDIRECT_URL: "https://x.example.com/cb?a=1" })).toMatch(/^EVENTSCOPE_OIDC_REDIRECT_URL: no query string/);
    expect(errorOf({ ...base, EVENTSCOPE_OIDC_SCOPES: "email profile" })).toBe('EVENTSCOPE_OIDC_SCOPES: must include "openid"');
    expect(errorOf({ ...base, EVENTSCOPE_OIDC_ROLE_MAP: "" })).toMatch(/^EVENTSCOPE_OIDC_ROLE_MAP: is required/);
    expect(errorOf({ ...base, EVENTSCOPE_OIDC_ROLE_MAP: "ops=superuser" })).toBe('EVENTSCOPE_OIDC_ROLE_MAP: "superuser" in "ops=superuser" is not a role (use viewer, operator, admin)');
  });
});

describe("parseRoleMap", () => {
  it("accepts spaces, any role case and '=' inside a value (the last '=' separates)", () => {
    expect(parseRoleMap(" cn=ops = Operator , *=viewer,")).toEqual([
      { value: "cn=ops", role: "operator" },
      { value: "*", role: "viewer" },
    ]);
  });

  it("refuses entries without a value or a role, duplicates, and an empty map", () => {
    expect(() => parseRoleMap("ops")).toThrow(/"ops" is not value=role/);
    expect(() => parseRoleMap("=admin")).toThrow(/is not value=role/);
    expect(() => parseRoleMap("ops=admin,ops=viewer")).toThrow(/"ops" is mapped twice/);
    expect(() => parseRoleMap(" , ")).toThrow(/^EVENTSCOPE_OIDC_ROLE_MAP: is empty/);
  });
});

describe("decideRole", () => {
  const rules = parseRoleMap("eventscope-admins=admin,eventscope-ops=operator,*=viewer");

  it("gives the highest role any value maps to", () => {
    expect(decideRole(["eventscope-ops"], rules)).toEqual({ ok: true, role: "operator", matched: ["eventscope-ops", "*"] });
    expect(decideRole(["eventscope-ops", "eventscope-admins"], rules)).toMatchObject({ ok: true, role: "admin" });
  });

  it("gives the '*' role to anyone else, and refuses when there is no '*'", () => {
    expect(decideRole(["marketing"], rules)).toEqual({ ok: true, role: "viewer", matched: ["*"] });
    expect(decideRole([], rules)).toMatchObject({ ok: true, role: "viewer" });
    const strict = parseRoleMap("eventscope-ops=operator");
    expect(decideRole(["marketing"], strict)).toEqual({ ok: false, values: ["marketing"] });
    expect(decideRole(["Eventscope-Ops"], strict).ok).toBe(false);
  });

  it("lets a higher '*' win over a lower matched value", () => {
    expect(decideRole(["readers"], parseRoleMap("readers=viewer,*=operator"))).toMatchObject({ role: "operator" });
  });
});

describe("claimValues", () => {
  it("reads arrays, single strings, space- or comma-separated lists and dotted paths", () => {
    expect(claimValues({ groups: ["a", "b", "a", 3, ""] }, "groups")).toEqual(["a", "b"]);
    expect(claimValues({ role: "ops" }, "role")).toEqual(["ops"]);
    expect(claimValues({ roles: "a b,c" }, "roles")).toEqual(["a", "b", "c"]);
    expect(claimValues({ realm_access: { roles: ["ops"] } }, "realm_access.roles")).toEqual(["ops"]);
    expect(claimValues({ "https://example.com/groups": ["x"] }, "https://example.com/groups")).toEqual(["x"]);
    expect(claimValues({ groups: { nested: true } }, "groups")).toEqual([]);
    expect(claimValues({}, "a.b.c")).toEqual([]);
  });
});

describe("usernameFromClaims", () => {
  it("prefers preferred_username, then email, then the subject, in allowed characters", () => {
    expect(usernameFromClaims({ sub: "1", preferred_username: "Ann.Lee", email: "ann@example.com" })).toBe("ann.lee");
    expect(usernameFromClaims({ sub: "1", email: "Ann@Example.com" })).toBe("ann@example.com");
    expect(usernameFromClaims({ sub: "248289761001" })).toBe("sso-248289761001");
    expect(usernameFromClaims({ sub: "1", preferred_username: "Ann Lee (ops)" })).toBe("ann-lee-ops");
    expect(usernameFromClaims({ sub: "1", preferred_username: "x".repeat(100) })).toHaveLength(64);
  });
});

describe("ssoErrorMessage", () => {
  it("shows our text for known codes only", () => {
    expect(ssoErrorMessage("no-role")).toMatch(/none of your groups gives access to Eventscope/);
    expect(ssoErrorMessage("expired")).toMatch(/Start it again/);
    for (const code of [undefined, "", "<script>alert(1)</script>", "__proto__", "toString"]) expect(ssoErrorMessage(code)).toBeNull();
  });
});

describe("the single sign-on flow cookie", () => {
  const state = { state: "s", nonce: "n", codeVerifier: "v", next: "/dlq", startedAt: 1_000_000 };
  const requestWith = (setCookie: string) => new Request("http://localhost:3000/api/v1/auth/oidc/callback", { headers: { cookie: setCookie.split(";")[0]! } });

  it("round-trips for 10 minutes, then is refused", async () => {
    const { flowCookie, readFlowCookie } = await import("@/lib/auth/oidc-flow-cookie");
    const cookie = flowCookie(state, new Request("https://console.example.com/api/v1/auth/oidc/start"));
    expect(cookie).toMatch(/; Path=\/api\/v1\/auth\/oidc; HttpOnly; SameSite=Lax; Max-Age=600; Secure$/);
    expect(readFlowCookie(requestWith(cookie), 1_000_000 + 60_000)).toEqual(state);
    expect(readFlowCookie(requestWith(cookie), 1_000_000 + 10 * 60_000 + 1)).toBeNull();
  });

  it("refuses a missing, malformed or incomplete cookie", async () => {
    const { readFlowCookie } = await import("@/lib/auth/oidc-flow-cookie");
    const encoded = (value: unknown) => `eventscope_oidc=${Buffer.from(JSON.stringify(value)).toString("base64url")}`;
    expect(readFlowCookie(new Request("http://localhost:3000/"))).toBeNull();
    expect(readFlowCookie(requestWith("eventscope_oidc=not-base64-json"), 1_000_000)).toBeNull();
    expect(readFlowCookie(requestWith(encoded({ ...state, nonce: "" })), 1_000_000)).toBeNull();
    expect(readFlowCookie(requestWith(encoded({ ...state, startedAt: "1" })), 1_000_000)).toBeNull();
  });
});

describe("the sign-in page's single sign-on parts", () => {
  it("link to the start route with the page asked for, and show errors as text", () => {
    expect(ssoStartPath("/")).toBe("/api/v1/auth/oidc/start");
    expect(ssoStartPath("/topics?cluster=a&x=1")).toBe("/api/v1/auth/oidc/start?next=%2Ftopics%3Fcluster%3Da%26x%3D1");
    const button = renderToStaticMarkup(createElement(SsoSignIn, { next: "/dlq" }));
    expect(button).toContain('href="/api/v1/auth/oidc/start?next=%2Fdlq"');
    expect(button).toContain("Sign in with SSO");
    const error = renderToStaticMarkup(createElement(SsoError, { message: ssoErrorMessage("no-role")! }));
    expect(error).toMatch(/^<div class="form-error sso-error" role="alert">You are signed in at the identity provider/);
  });
});
