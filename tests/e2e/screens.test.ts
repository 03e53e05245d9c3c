// Issue 12 item 11: the console at 1440 px and 390 px wide, light and dark. At 390 px the sidebar is
// a menu and no page scrolls sideways; dark follows prefers-color-scheme and the theme switch.
// Screenshots of every main page in the four combinations go to test-results/screenshots/screens-*.
// Charts: every line stands out from the chart's background (3:1) whichever way the theme is chosen.
// Every kind is watched (Kafka, JetStream, RabbitMQ, Redis Streams), with an outbox table and a
// metrics endpoint, each holding data of its own (support/screens-data.ts), so no page is empty.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ALL_KIND_CLUSTERS, screenshot, startSignedIn, stopSignedIn, waitForPage, type BrowserSession, type Console } from "./support/stack";
import { screenshotOnFailure } from "./support/failure-screenshots";
import { seedScreensData, type ScreensData } from "./support/screens-data";

let app: Console;
let browser: Browser;
let session: BrowserSession;
let data: ScreensData;
const contexts: BrowserContext[] = [];

/** Times in the console's one format (issue 12 item 10): no raw ISO text, no 12 h clock. */
async function timesInOneFormat(page: Page): Promise<void> {
  const text = await page.locator("main").innerText();
  expect.soft(text, `${page.url()}: a raw ISO time`).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  expect.soft(text, `${page.url()}: a 12 h time`).not.toMatch(/\d:\d\d(:\d\d)? ?[AP]M\b/);
}

/**
 * `shows`: text the page must show before its picture is taken (its data, not a spinner or an empty
 * state); `check`: what else must hold on it.
 */
const PAGES: { name: string; path: string; shows?: () => string; check?: (page: Page) => Promise<void> }[] = [
  { name: "overview", path: "/" },
  { name: "cluster", path: "/clusters/local-kafka" },
  { name: "topics", path: "/clusters/local-kafka/topics" },
  { name: "consumers", path: "/clusters/local-kafka/consumers" },
  { name: "dlqs", path: "/clusters/local-kafka/dlq" },
  { name: "streams", path: "/clusters/local-nats/topics" },
  { name: "jobs", path: "/jobs" },
  { name: "idempotency", path: "/idempotency" },
  { name: "trace", path: "/trace" },
  { name: "audit", path: "/audit" },
  { name: "settings", path: "/settings/clusters" },
  { name: "rabbitmq-cluster", path: "/clusters/local-rabbit", shows: () => "vhosts" },
  { name: "rabbitmq-queues", path: "/clusters/local-rabbit/topics", shows: () => data.rabbitQueue },
  { name: "redis-streams-cluster", path: "/clusters/local-streams", shows: () => "maxmemory_policy" },
  { name: "redis-streams", path: "/clusters/local-streams/topics", shows: () => data.redisStream },
  { name: "outbox", path: "/outbox", shows: () => data.outboxSource },
  { name: "outbox-source", path: "/outbox/e2e-outbox", shows: () => data.outboxTopic, check: timesInOneFormat },
  { name: "processing", path: "/processing", shows: () => data.metricsSource },
  { name: "processing-source", path: "/processing/e2e-inventory", shows: () => data.eventType },
];

const SIZES = [
  { name: "1440", width: 1440, height: 900 },
  { name: "390", width: 390, height: 844 },
] as const;

beforeAll(async () => {
  data = await seedScreensData();
  ({ app, browser, session } = await startSignedIn("screens", { extraConfig: { clusters: ALL_KIND_CLUSTERS, ...data.config } }));
}, 240_000);

screenshotOnFailure(() => (session ? [session] : []));

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await stopSignedIn({ app, browser, sessions: [session] });
  await data?.cleanup();
});

/** A signed-in page at this size and colour scheme (the session's cookies). */
async function pageAt(width: number, height: number, colorScheme: "light" | "dark"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, baseURL: app.baseUrl });
  contexts.push(context);
  await context.addCookies(await session.context.cookies());
  return context.newPage();
}

const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
/** The outermost elements that reach past the right edge (tag.class), to say what makes a page scroll sideways. */
const pastTheEdge = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5 && !(element.parentElement && element.parentElement.getBoundingClientRect().right > window.innerWidth + 0.5))
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} (${Math.round(element.getBoundingClientRect().width)} px)`),
  );
const backgroundOf = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
/** Perceived brightness 0-255 of an "rgb(r, g, b)" colour. */
function brightness(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/g) ?? ["0", "0", "0"]).map(Number);
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

describe("every main page at 1440 and 390 px, light and dark", () => {
  for (const size of SIZES) {
    for (const scheme of ["light", "dark"] as const) {
      it(`${size.name} px, ${scheme}`, async () => {
        const page = await pageAt(size.width, size.height, scheme);
        for (const target of PAGES) {
          await page.goto(target.path);
          await waitForPage(page);
          if (target.shows) await page.getByText(target.shows()).first().waitFor({ timeout: 60_000 });
          await page.waitForTimeout(800); // let data arrive for the picture
          await target.check?.(page);
          // Soft: one run names every page that fails, each with its picture.
          if (size.width === 390) {
            const overflow = await sidewaysOverflow(page);
            expect.soft(overflow, `${target.path} scrolls sideways at 390 px: ${overflow > 0 ? (await pastTheEdge(page)).join(", ") : ""}`).toBeLessThanOrEqual(0);
          }
          const light = brightness(await backgroundOf(page)) > 128;
          expect.soft(light, `${target.path} background in ${scheme}`).toBe(scheme === "light");
          await screenshot(page, `screens-${target.name}-${size.name}-${scheme}`);
        }
      }, 240_000);
    }
  }
});

describe("at 390 px the sidebar is a menu", () => {
  it("opens from the menu button and closes when a link is followed", async () => {
    const page = await pageAt(390, 844, "light");
    await page.goto("/");
    await waitForPage(page, "Overview");
    const sidebar = page.locator("aside.sidebar");
    const menu = page.getByTestId("mobile-menu");
    expect(await menu.isVisible()).toBe(true);
    const hiddenLeft = await sidebar.evaluate((element) => element.getBoundingClientRect().right);
    expect(hiddenLeft).toBeLessThanOrEqual(0);
    await menu.click();
    await page.waitForFunction(() => (document.querySelector("aside.sidebar")?.getBoundingClientRect().left ?? -1) >= 0);
    await screenshot(page, "screens-menu-open-390-light");
    await sidebar.getByRole("link", { name: "Jobs" }).click();
    await waitForPage(page, "Jobs");
    await page.waitForFunction(() => (document.querySelector("aside.sidebar")?.getBoundingClientRect().right ?? 1) <= 0);
  });
});

describe("the theme switch", () => {
  it("overrides the system scheme and is remembered after a reload", async () => {
    const page = await pageAt(1440, 900, "light");
    await page.goto("/");
    await waitForPage(page, "Overview");
    expect(brightness(await backgroundOf(page))).toBeGreaterThan(128);
    await page.getByTestId("theme-switch").selectOption("dark");
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
    expect(brightness(await backgroundOf(page))).toBeLessThan(128);
    await page.reload();
    await waitForPage(page, "Overview");
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    expect(brightness(await backgroundOf(page))).toBeLessThan(128);
    await page.getByTestId("theme-switch").selectOption("system");
    await page.waitForFunction(() => document.documentElement.dataset.theme === undefined);
  });
});


/** WCAG contrast of two "rgb(r, g, b)" colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = (rgb.match(/\d+(\.\d+)?/g) ?? ["0", "0", "0"]).slice(0, 3).map((c) => Number(c) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe("charts readable in both themes (issue 12 item 11)", () => {
  /** Every drawn series line of the page's charts, with the chart's background colour. */
  const chartLines = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll(".chart")].flatMap((chart) => {
        const background = getComputedStyle(chart).backgroundColor;
        return [...chart.querySelectorAll(".recharts-line-curve, .recharts-area-curve")].map((curve) => ({ stroke: getComputedStyle(curve).stroke, background }));
      }),
    );

  for (const [system, chosen] of [["dark", null], ["light", "dark"], ["dark", "light"], ["light", null]] as const) {
    it(`system ${system}${chosen ? `, switch on ${chosen}` : ""}: every line at least 3:1 against the chart`, async () => {
      const page = await pageAt(1440, 900, system);
      await page.goto("/");
      await waitForPage(page, "Overview");
      if (chosen) {
        // A pick made before the page has hydrated changes the select but reaches no handler: pick
        // again (through "system", so React sees a change) until the page follows it.
        await expect
          .poll(async () => {
            await page.getByTestId("theme-switch").selectOption("system");
            await page.getByTestId("theme-switch").selectOption(chosen);
            return page.evaluate(() => document.documentElement.dataset.theme);
          }, { timeout: 30_000 })
          .toBe(chosen);
      }
      await expect.poll(async () => (await chartLines(page)).length, { timeout: 60_000 }).toBeGreaterThan(0);
      const lines = await chartLines(page);
      const dark = brightness(lines[0]!.background) < 128;
      expect(dark, "the chart background follows the theme").toBe((chosen ?? system) === "dark");
      for (const line of lines) expect(contrast(line.stroke, line.background), `${line.stroke} on ${line.background}`).toBeGreaterThanOrEqual(3);
      if (chosen) await page.getByTestId("theme-switch").selectOption("system");
    }, 120_000);
  }
});
