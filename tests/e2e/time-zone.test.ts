// Issue 12, item 10, in Chromium against the real production server and real Kafka: times show
// their zone, the UTC/local switch changes every time shown and is remembered across a reload with
// no hydration error (#418), and a time input reads back what the table shows. (Item 11, sizes and
// themes, is tests/e2e/screens.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  eventually,
  KAFKA_BROKERS,
  launchBrowser,
  screenshot,
  startConsole,
  waitForPage,
  type BrowserSession,
  type Console,
} from "./support/stack";
import { screenshotOnFailure } from "./support/failure-screenshots";

const suffix = randomUUID().slice(0, 8);
const TOPIC = `e2e-zone-${suffix}-orders`;
const DLQ = `${TOPIC}.dlq`;
const GROUP = `e2e-zone-${suffix}-billing`;
const CLUSTER = "local-kafka";

const kafka = new Kafka({ clientId: "eventscope-e2e-zone", brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
let app: Console;
let browser: Browser;
const sessions: BrowserSession[] = [];

beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [
        { topic: TOPIC, numPartitions: 3, replicationFactor: 1 },
        { topic: DLQ, numPartitions: 1, replicationFactor: 1 },
      ],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: TOPIC,
      messages: Array.from({ length: 30 }, (_, i) => ({
        key: `order-${i}`,
        value: JSON.stringify({ event_id: `evt-${suffix}-${i}`, order_id: `o-${i}`, amount: 10 + i, currency: "EUR" }),
      })),
    });
    await producer.send({
      topic: DLQ,
      messages: [0, 1, 2, 3].map((offset) => ({
        key: `order-${offset}`,
        value: JSON.stringify({ event_id: `evt-${suffix}-${offset}`, order_id: `o-${offset}` }),
        headers: {
          "x-original-topic": TOPIC,
          "x-original-partition": "0",
          "x-original-offset": String(offset),
          "x-error": offset % 2 === 0 ? "payment declined: card expired" : "missing field: data.customer_id",
          "x-attempts": "3",
          "x-consumer-group": GROUP,
        },
      })),
    });
  } finally {
    await producer.disconnect();
  }
  const groups = kafka.admin();
  await groups.connect();
  try {
    await groups.setOffsets({ groupId: GROUP, topic: TOPIC, partitions: [0, 1, 2].map((partition) => ({ partition, offset: "3" })) });
  } finally {
    await groups.disconnect();
  }
  app = await startConsole("zone");
  browser = await launchBrowser();
}, 240_000);

screenshotOnFailure(() => sessions);

afterAll(async () => {
  for (const session of sessions) await session.context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await app?.stop();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([GROUP]).catch(() => undefined);
  await admin.deleteTopics({ topics: [TOPIC, DLQ] }).catch(() => undefined);
  await admin.disconnect();
});

interface Look {
  width: number;
  colorScheme: "light" | "dark";
  timezoneId?: string;
}

/** A signed-in admin in a browser of the given width, system colour scheme and time zone. */
async function signedIn(look: Look): Promise<BrowserSession> {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: look.width, height: 900 },
    colorScheme: look.colorScheme,
    timezoneId: look.timezoneId ?? "UTC",
    baseURL: app.baseUrl,
  });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  // React reports a hydration mismatch (#418) on the console, not as an uncaught error.
  page.on("console", (message) => {
    if (message.type() === "error" && /#418|#423|hydrat/i.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
  });
  const session = { context, page, pageErrors };
  sessions.push(session);
  await page.goto("/sign-in");
  const form = page.locator('form[aria-label="Sign in"]');
  await form.getByLabel("Username").fill(app.admin.username);
  await form.getByLabel("Password").fill(app.admin.password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 30_000 }),
    form.getByRole("button", { name: "Sign in" }).click(),
  ]);
  await page.locator("aside.sidebar").waitFor({ state: "attached" });
  return session;
}

/** Opens a page and lets its first data arrive (the live stream keeps the network busy). */
async function openPage(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForPage(page);
  await page
    .locator(".state-loading, [aria-busy='true']")
    .first()
    .waitFor({ state: "detached", timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForTimeout(1_000);
}

const topicPage = `/clusters/${CLUSTER}/topics/${encodeURIComponent(TOPIC)}`;
const tableTime = (page: Page) => page.locator("table time").first();

describe("times and their zone", () => {
  it("shows UTC by default; the switch shows the browser's zone, is remembered, and hydrates without error", async () => {
    const session = await signedIn({ width: 1440, colorScheme: "light", timezoneId: "Asia/Kolkata" });
    const { page } = session;
    await openPage(page, topicPage);
    await tableTime(page).waitFor();
    expect(await tableTime(page).innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC$/);
    await page.getByTestId("time-zone-switch").selectOption("local");
    await eventually("times in +05:30", async () => /\+05:30$/.test(await tableTime(page).innerText()), 10_000, 200);
    await screenshot(page, "time-zone-local");
    await page.reload();
    await waitForPage(page);
    await tableTime(page).waitFor();
    await eventually("times still in +05:30 after a reload", async () => /\+05:30$/.test(await tableTime(page).innerText()), 10_000, 200);
    expect(await page.getByTestId("time-zone-switch").inputValue()).toBe("local");
    expect(session.pageErrors).toEqual([]);
  }, 120_000);

  it("the message browser's Since reads the time a row shows, and names what is wrong in an impossible one", async () => {
    const session = await signedIn({ width: 1440, colorScheme: "light", timezoneId: "America/St_Johns" });
    const { page } = session;
    await openPage(page, topicPage);
    await page.getByTestId("time-zone-switch").selectOption("local");
    await eventually("times in the browser's zone", async () => /[+-]\d\d:\d\d$/.test(await tableTime(page).innerText()), 10_000, 200);
    const shown = await tableTime(page).innerText();
    const since = page.getByLabel(/^Since/);
    await since.fill("2026-02-30 10:00");
    await page.getByRole("button", { name: /^(Browse|Apply|Search|Show)/ }).first().click();
    await page.getByRole("alert").filter({ hasText: "no day 30" }).waitFor();
    await since.fill(shown);
    await page.getByRole("button", { name: /^(Browse|Apply|Search|Show)/ }).first().click();
    // The summary repeats the time in the same format and zone: it was read as the instant shown.
    await eventually("the summary names the time typed", async () => (await page.locator(".browse-summary").innerText()).includes(`since ${shown.replace(/\.\d{3}/, "")}`), 15_000, 250);
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
