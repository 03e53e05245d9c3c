// Issue 12 item 2 in a real browser: the demo's billing-slow consumes about 1 msg/s while its topic is
// written faster. It is consuming, so it must read WARN with a falling-behind reason quoting both rates,
// never ERR or STOP; and the JetStream pull consumer working at that pace has a member, not "No active
// members, the lag will not go down by itself".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import {
  apiCall,
  eventually,
  launchBrowser,
  screenshot,
  signIn,
  startConsole,
  startDemo,
  waitForPage,
  type BrowserSession,
  type Console,
  type Demo,
} from "./support/stack";
import { screenshotOnFailure } from "./support/failure-screenshots";

let app: Console;
let demo: Demo;
let browser: Browser;
let admin: BrowserSession;
const sessions: BrowserSession[] = [];

interface ApiGroup {
  status: string;
  statusReason: string;
  partitions: { partition: number; status: string; statusReason: string }[];
  memberDetails: unknown[];
}

beforeAll(async () => {
  demo = startDemo();
  app = await startConsole("slow-consumer");
  browser = await launchBrowser();
  admin = await signIn(browser, app, app.admin);
  sessions.push(admin);
});

screenshotOnFailure(() => sessions);

afterAll(async () => {
  for (const session of sessions) await session.context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await app?.stop();
  await demo?.stop();
  expect(sessions.flatMap((session) => session.pageErrors), "uncaught errors in the pages").toEqual([]);
});

const FALLING_BEHIND = /^consuming \d+(\.\d)? msg\/s, producing \d+(\.\d)? msg\/s: falling behind by \d+(\.\d)? msg\/s$/;

describe("the demo's slow consumer", () => {
  it("Kafka billing-slow is WARN, falling behind, on its page; never ERR, no partition STOP", async () => {
    const { page } = admin;
    await page.goto("/clusters/local-kafka/consumers/billing-slow");
    await waitForPage(page, "billing-slow");
    const reason = page.locator(".page-subtitle .status-reason");
    const badge = page.locator(".page-title-badges");
    // The console needs about a minute of commits for its rates (GROUP_RATE_WINDOW_MS).
    await eventually("WARN with a falling-behind reason", async () => FALLING_BEHIND.test((await reason.innerText()).trim()) && (await badge.innerText()).trim() === "WARN", 240_000, 2_000);
    await screenshot(page, "30-slow-consumer-warn");
    // From now on it stays so: sampled every second for 30 s through the API, it is never ERR.
    for (let i = 0; i < 15; i++) {
      const group = await apiCall<ApiGroup>(app, app.adminToken, "GET", "/clusters/local-kafka/consumers/billing-slow");
      expect(group.status).toBe(200);
      expect(group.body.status, group.body.statusReason).not.toBe("ERR");
      for (const partition of group.body.partitions) expect(partition.status, partition.statusReason).not.toBe("STOP");
      for (const partition of group.body.partitions) expect(partition.statusReason).toMatch(new RegExp(`partition ${partition.partition}\\b`));
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }, 330_000);

  it("the JetStream billing-slow pull consumer has a member and is WARN, falling behind", async () => {
    const { page } = admin;
    await page.goto("/clusters/local-nats/consumers/ORDERS.billing-slow");
    await waitForPage(page, "ORDERS.billing-slow");
    const reason = page.locator(".page-subtitle .status-reason");
    await eventually("a falling-behind reason", async () => FALLING_BEHIND.test((await reason.innerText()).trim()), 240_000, 2_000);
    await eventually("the pull clients shown as a member", async () => (await page.getByRole("table", { name: "Members" }).innerText()).includes("pull clients"), 30_000, 1_000);
    expect(await page.getByText("the lag will not go down by itself").count()).toBe(0);
    await screenshot(page, "31-slow-pull-consumer-warn");
  }, 300_000);
});
