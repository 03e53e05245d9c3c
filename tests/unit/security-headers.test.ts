import { describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { NextRequest } from "next/server";
import { API_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS, newNonce, pageContentSecurityPolicy } from "@/lib/http/security-headers";
import { proxy } from "@/proxy";

// The security headers: next.config.js (static headers, API policy) agrees with
// lib/http/security-headers.ts, and proxy.ts puts a nonce policy on every page, redirects included.
// tests/e2e/security-headers.test.ts checks them on the built server in Chromium.
const nextConfig = createRequire(import.meta.url)("../../next.config.js") as { headers: () => Promise<Array<{ source: string; headers: Array<{ key: string; value: string }> }>> };

describe("next.config.js headers", () => {
  it("sends the static headers on every path and a nothing-allowed policy on the API", async () => {
    const rules = await nextConfig.headers();
    const everywhere = rules.find((rule) => rule.source === "/:path*");
    expect(Object.fromEntries(everywhere!.headers.map((h) => [h.key, h.value]))).toEqual(STATIC_SECURITY_HEADERS);
    const api = rules.find((rule) => rule.source === "/api/:path*");
    expect(api!.headers).toEqual([{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }]);
    // Pages get theirs from proxy.ts; a second policy from here would be enforced too and block the nonce's scripts.
    expect(rules.filter((rule) => rule.headers.some((h) => h.key === "Content-Security-Policy")).map((rule) => rule.source)).toEqual(["/api/:path*"]);
  });
});

describe("page policy", () => {
  it("allows scripts by nonce only, and no framing", () => {
    const policy = pageContentSecurityPolicy("abc123");
    const directives = Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));
    expect(directives["script-src"]).toBe("'self' 'nonce-abc123'");
    expect(directives["frame-ancestors"]).toBe("'none'");
    expect(directives["default-src"]).toBe("'self'");
    expect(directives["object-src"]).toBe("'none'");
    expect(pageContentSecurityPolicy("n", { development: true })).toContain("script-src 'self' 'nonce-n' 'unsafe-eval'");
    expect(newNonce()).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(newNonce());
  });
});

describe("proxy.ts", () => {
  const nonceOf = (policy: string | null) => /'nonce-([^']+)'/.exec(policy ?? "")?.[1];

  it("puts one fresh nonce policy on the page request (for Next) and on the response", () => {
    const first = proxy(new NextRequest("http://localhost:3000/sign-in"));
    const second = proxy(new NextRequest("http://localhost:3000/sign-in"));
    const policy = first.headers.get("content-security-policy");
    expect(policy).toContain("frame-ancestors 'none'");
    // NextResponse.next({ request: { headers } }) passes overridden request headers this way.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(nonceOf(policy)).toBeDefined();
    expect(nonceOf(second.headers.get("content-security-policy"))).not.toBe(nonceOf(policy));
  });

  it("keeps sending anonymous visitors to sign-in, with the policy on the redirect too", () => {
    const redirect = proxy(new NextRequest("http://localhost:3000/topics?x=1"));
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("location")).toBe("http://localhost:3000/sign-in?next=%2Ftopics%3Fx%3D1");
    expect(redirect.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const signedIn = proxy(new NextRequest("http://localhost:3000/topics", { headers: { cookie: "eventscope_session=x" } }));
    expect(signedIn.headers.get("x-middleware-request-x-eventscope-path")).toBe("/topics");
    expect(signedIn.headers.get("content-security-policy")).toContain("'nonce-");
  });
});
