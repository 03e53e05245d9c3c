// Security headers on the real production server (issue 11, item 7): every response carries
// X-Frame-Options, nosniff and a Referrer-Policy; pages a Content-Security-Policy whose script nonce
// is on every script Next renders; the sign-in page cannot be framed by another site; and the console
// still signs in, renders and hydrates in Chromium under the policy, with no violation reported.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, ConsoleMessage } from "playwright-core";
import { eventually, launchBrowser, newSession, screenshot, startConsole, waitForPage, type Console } from "./support/stack";

let app: Console;
let browser: Browser;
let framer: http.Server;
let framerUrl: string;

beforeAll(async () => {
  app = await startConsole("security-headers");
  browser = await launchBrowser();
  // Another origin (another port) that tries to show the sign-in page in a frame.
  framer = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end(`<!doctype html><title>framer</title><iframe id="victim" src="${app.baseUrl}/sign-in" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((resolve) => framer.listen(0, "127.0.0.1", resolve));
  framerUrl = `http://127.0.0.1:${(framer.address() as AddressInfo).port}/`;
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => framer?.close(resolve));
  await app?.stop();
});

const get = (path: string) => fetch(`${app.baseUrl}${path}`, { redirect: "manual", signal: AbortSignal.timeout(30_000) });

describe("headers", () => {
  it("gives the sign-in page a nonce policy that forbids framing, and the nonce to each of its scripts", async () => {
    const response = await get("/sign-in");
    expect(response.status).toBe(200);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("default-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeDefined();
    const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // A fresh nonce per response.
    const again = (await get("/sign-in")).headers.get("content-security-policy");
    expect(/'nonce-([^']+)'/.exec(again ?? "")?.[1]).not.toBe(nonce);
  });

  it("sends the headers on API responses and on the sign-in redirect too", async () => {
    const health = await get("/api/v1/health");
    expect(health.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(health.headers.get("x-frame-options")).toBe("DENY");
    expect(health.headers.get("x-content-type-options")).toBe("nosniff");
    const denied = await get("/api/v1/clusters");
    expect(denied.status).toBe(401);
    expect(denied.headers.get("x-content-type-options")).toBe("nosniff");
    // Requests Next never sees (lib/api/raw-request-guard.ts answers them) carry them as well.
    const badPath = await get("/api/v1/clusters/%ff");
    expect(badPath.status).toBe(400);
    expect(badPath.headers.get("x-content-type-options")).toBe("nosniff");
    expect(badPath.headers.get("x-frame-options")).toBe("DENY");
    const redirect = await get("/topics");
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(redirect.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("in Chromium", () => {
  it("refuses to show the sign-in page inside another site's frame", async () => {
    const session = await newSession(browser, app);
    const messages: string[] = [];
    session.page.on("console", (message: ConsoleMessage) => messages.push(message.text()));
    try {
      await session.page.goto(framerUrl);
      await eventually("Chromium's refusal to frame the sign-in page", async () => messages.some((text) => /frame-ancestors|X-Frame-Options/.test(text)), 30_000, 250);
      const victim = session.page.frames().find((frame) => frame !== session.page.mainFrame());
      expect(victim).toBeDefined();
      expect(await victim!.locator('form[aria-label="Sign in"]').count()).toBe(0);
      await screenshot(session.page, "security-framed-sign-in");
    } finally {
      await session.context.close();
    }
  });

  it("signs in, renders and hydrates the console under the policy, with no violation", async () => {
    const session = await newSession(browser, app);
    const { page, context } = session;
    const cspMessages: string[] = [];
    page.on("console", (message: ConsoleMessage) => {
      if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(message.text())) cspMessages.push(message.text());
    });
    // Added by the browser driver, outside the page's policy: records every violation the page reports.
    await context.addInitScript(() => {
      const violations: string[] = [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
      document.addEventListener("securitypolicyviolation", (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    const violations = () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
    try {
      await page.goto("/sign-in");
      const form = page.locator('form[aria-label="Sign in"]');
      await form.getByLabel("Username").fill(app.admin.username);
      await form.getByLabel("Password").fill(app.admin.password);
      // The form signs in through fetch and then navigates: only a hydrated page does that.
      await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 30_000 }), form.getByRole("button", { name: "Sign in" }).click()]);
      await page.locator("aside.sidebar").waitFor();
      await waitForPage(page);
      expect(await violations()).toEqual([]);
      // A client-side navigation (the sidebar's links are Next <Link>s, handled by hydrated React).
      await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
      await page.locator("aside.sidebar a[href='/audit']").click();
      await page.waitForURL((url) => url.pathname === "/audit");
      await waitForPage(page);
      expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
      await screenshot(page, "security-console-under-csp");
      expect(await violations()).toEqual([]);
      expect(cspMessages).toEqual([]);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
