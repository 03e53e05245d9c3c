// Issue 12, items 5-9, in Chromium against the real production server and the real Kafka and Redis:
// DLQ error groups by signature (clickable, by keyboard too), the small fixes (favicon, /trace
// hydration, not-found topic, jobs' time cells, idempotency key and value, epoch headers), links
// between related things, the cluster page, and lists that sort, filter and keep their state in the URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import Redis from "ioredis";
import type { Browser, Page } from "playwright-core";
import {
  ALL_KIND_CLUSTERS,
  apiCall,
  eventually,
  KAFKA_BROKERS,
  newSession,
  REDIS_URL,
  screenshot,
  startSignedIn,
  stopSignedIn,
  waitForPage,
  type BrowserSession,
  type Console,
} from "./support/stack";
import { createTopics, deleteTopics, produce } from "../support/kafka-seed";
import { screenshotOnFailure } from "./support/failure-screenshots";

const suffix = randomUUID().slice(0, 8);
const PREFIX = `e2e-ux-${suffix}`;
const TOPIC = `${PREFIX}-orders`;
const DLQ = `${TOPIC}.dlq`;
const BEHIND = `${PREFIX}-behind`;
const CAUGHT_UP = `${PREFIX}-caught-up`;
const EVENT_ID = randomUUID();
const RECORD_KEY = `processed:${EVENT_ID}`;
const ORIGINAL_TIMESTAMP = "1765051200123"; // 2025-12-06T20:00:00.123Z
const MESSAGES = 12;
/** A Redis Streams cluster whose pattern no key matches: nothing to sample, ever. */
const EMPTY_PATTERN = `${PREFIX}-none-*`;
const EMPTY_STREAMS = { id: "empty-streams", name: "Empty Redis Streams", kind: "redis-streams", url: REDIS_URL, pattern: EMPTY_PATTERN, samplingIntervalMs: 1000 };

const kafka = new Kafka({ clientId: "eventscope-e2e-ux", brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
let app: Console;
let browser: Browser;
let session: BrowserSession;
const extraSessions: BrowserSession[] = [];

/** Dead letters: three JSON position errors (one cause), two missing fields (another). */
const deadLetters = [
  ...[233, 234, 235].map((position, i) => ({ error: `invalid JSON: Unterminated string in JSON at position ${position}`, offset: i })),
  { error: "missing field: data.order_id", offset: 3 },
  { error: "missing field: data.order_id", offset: 4 },
];

beforeAll(async () => {
  await createTopics(kafka, [{ topic: TOPIC }, { topic: DLQ }]);
  await produce(kafka, [
    {
      topic: TOPIC,
      messages: Array.from({ length: MESSAGES }, (_, i) => ({ key: `order-${i}`, value: JSON.stringify({ id: `evt-${i}`, n: i }) })),
    },
    {
      topic: DLQ,
      messages: deadLetters.map(({ error, offset }) => ({
        key: `order-${offset}`,
        value: "{broken",
        headers: {
          "x-original-topic": TOPIC,
          "x-original-partition": "0",
          "x-original-offset": String(offset),
          "x-original-timestamp": ORIGINAL_TIMESTAMP,
          "x-error": error,
          "x-attempts": "3",
          "x-consumer-group": BEHIND,
        },
      })),
    },
  ]);
  const groupsAdmin = kafka.admin();
  await groupsAdmin.connect();
  try {
    await groupsAdmin.setOffsets({ groupId: BEHIND, topic: TOPIC, partitions: [{ partition: 0, offset: "2" }] });
    await groupsAdmin.setOffsets({ groupId: CAUGHT_UP, topic: TOPIC, partitions: [{ partition: 0, offset: String(MESSAGES) }] });
  } finally {
    await groupsAdmin.disconnect();
  }
  await redis.connect();
  await redis.set(
    RECORD_KEY,
    JSON.stringify({ eventId: EVENT_ID, processedAt: "2026-12-06T20:00:00.000Z", consumer: "billing", amount: 12.5 }),
    "EX",
    3600,
  );
  ({ app, browser, session } = await startSignedIn("ux", { extraConfig: { clusters: [...ALL_KIND_CLUSTERS, EMPTY_STREAMS] } }));
}, 240_000);

screenshotOnFailure(() => (session ? [session, ...extraSessions] : []));

afterAll(async () => {
  await stopSignedIn({ app, browser, sessions: [...extraSessions, session] });
  await redis.del(RECORD_KEY).catch(() => undefined);
  redis.disconnect();
  await deleteTopics(kafka, [TOPIC, DLQ], [BEHIND, CAUGHT_UP]);
});

/** The href of a link, resolved against the page (what a click opens). */
async function hrefOf(page: Page, selector: string): Promise<URL> {
  const href = await page.locator(selector).first().getAttribute("href");
  if (!href) throw new Error(`no href on ${selector}`);
  return new URL(href, page.url());
}

/** True when an element's content fits its box (nothing cut, nothing spilling over a neighbour). */
async function fits(page: Page, selector: string): Promise<boolean> {
  const cells = page.locator(selector);
  const count = await cells.count();
  if (count === 0) throw new Error(`nothing matches ${selector}`);
  for (let index = 0; index < count; index++) {
    const ok = await cells.nth(index).evaluate((element) => {
      const cell = element.closest("td") ?? element;
      return cell.scrollWidth <= cell.clientWidth + 1;
    });
    if (!ok) return false;
  }
  return true;
}

describe("item 5: DLQ error groups", () => {
  it("groups messages by signature, looks clickable, and a keyboard pick filters the list", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/dlq/${encodeURIComponent(DLQ)}`);
    await waitForPage(page, DLQ);
    const rows = page.getByTestId("error-summary-row");
    await eventually("two error groups", async () => (await rows.count()) === 2, 60_000);
    const positions = page.locator('[data-testid="error-summary-row"][data-error*="position <n>"]');
    expect(await positions.getAttribute("data-count")).toBe("3");
    expect(await positions.getByTestId("error-summary-example").innerText()).toMatch(/position 23[345]/);
    expect(await rows.first().evaluate((row) => getComputedStyle(row).cursor)).toBe("pointer");
    await screenshot(page, "ux-dlq-error-groups");

    // Keyboard: focus the group's button and press Enter.
    await positions.locator("button.dlq-error-button").focus();
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => (url.searchParams.get("error") ?? "").includes("position <n>"));
    const messageRows = page.locator('table[aria-label="DLQ messages"] tbody tr:has(input[type="checkbox"])');
    await eventually("only the group's three messages", async () => (await messageRows.count()) === 3, 30_000);
    expect(await positions.getAttribute("aria-selected")).toBe("true");
  });
});

describe("items 6 and 7: a DLQ message and its related things", () => {
  it("links the original message, the failing group and the trace; shows an epoch header as ISO time", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/dlq/${encodeURIComponent(DLQ)}`);
    await waitForPage(page, DLQ);
    const firstRow = page.locator('table[aria-label="DLQ messages"] tbody tr').first();
    await eventually("the DLQ messages", async () => (await page.locator('table[aria-label="DLQ messages"] tbody tr:has(input)').count()) >= 5, 60_000);
    await firstRow.click();
    const detail = page.getByTestId("dlq-message-0-0");
    await detail.waitFor();
    const original = await hrefOf(page, '[data-testid="dlq-message-0-0"] [data-testid="dlq-original-link"]');
    expect(original.pathname).toBe(`/clusters/local-kafka/topics/${encodeURIComponent(TOPIC)}`);
    expect(original.searchParams.get("partition")).toBe("0");
    expect(original.searchParams.get("offset")).toBe("0");
    const failedBy = await hrefOf(page, '[data-testid="dlq-message-0-0"] [data-testid="dlq-failed-by-link"]');
    expect(decodeURIComponent(failedBy.pathname)).toBe(`/clusters/local-kafka/consumers/${BEHIND}`);
    const trace = await hrefOf(page, '[data-testid="dlq-message-0-0"] [data-testid="dlq-trace-link"]');
    expect(trace.pathname).toBe("/trace");
    expect(trace.searchParams.get("id")).toBe("order-0");
    expect(await detail.getByTestId("header-time").first().innerText()).toContain("2025-12-06T20:00:00.123Z");
    await screenshot(page, "ux-dlq-message-links");

    // The original message link opens the topic browser at that message.
    await detail.getByTestId("dlq-original-link").click();
    // The DLQ's own title contains the topic's name: wait for the topic page's URL first.
    await page.waitForURL((url) => url.pathname === `/clusters/local-kafka/topics/${encodeURIComponent(TOPIC)}`);
    await waitForPage(page, TOPIC);
    expect(new URL(page.url()).searchParams.get("offset")).toBe("0");
    const offsets = page.locator('table[aria-label="Messages"] tbody tr:has(button.row-toggle) td.mono.align-right');
    await eventually("messages from offset 0", async () => (await offsets.allInnerTexts()).includes("0"), 30_000);
  });

  it("the topic page lists the groups reading it and the DLQ fed from it; messages newest first, with a toggle", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/topics/${encodeURIComponent(TOPIC)}`);
    await waitForPage(page, TOPIC);
    const readers = page.getByTestId("topic-readers");
    await readers.getByRole("link", { name: BEHIND, exact: true }).waitFor({ timeout: 60_000 });
    await readers.getByRole("link", { name: CAUGHT_UP, exact: true }).waitFor();
    await page.getByTestId("topic-dlqs").getByRole("link", { name: DLQ, exact: true }).waitFor({ timeout: 60_000 });

    const offsets = page.locator('table[aria-label="Messages"] tbody tr:has(button.row-toggle) td.mono.align-right');
    await eventually("the topic's messages", async () => (await offsets.count()) === MESSAGES, 30_000);
    const newestFirst = (await offsets.allInnerTexts()).map(Number);
    expect(newestFirst[0]).toBe(MESSAGES - 1);
    await page.getByTestId("order-oldest").click();
    await page.waitForURL((url) => url.searchParams.get("order") === "oldest");
    await eventually("oldest first", async () => Number((await offsets.allInnerTexts())[0]) === 0, 10_000);
    await screenshot(page, "ux-topic-related");
  });

  it("the group page links the topics it reads", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/consumers/${encodeURIComponent(BEHIND)}`);
    await waitForPage(page, BEHIND);
    const link = page.getByTestId("group-reads").getByRole("link", { name: TOPIC, exact: true });
    await link.waitFor({ timeout: 60_000 });
    expect(new URL((await link.getAttribute("href"))!, page.url()).pathname).toBe(`/clusters/local-kafka/topics/${encodeURIComponent(TOPIC)}`);
  });

  it("the audit log has breadcrumbs", async () => {
    const { page } = session;
    await page.goto("/audit");
    await waitForPage(page, "Audit log");
    await page.locator('nav[aria-label="Breadcrumb"]').getByRole("link", { name: "Overview" }).waitFor();
  });
});

describe("item 6: small fixes", () => {
  it("serves a favicon that the page references", async () => {
    const response = await fetch(`${app.baseUrl}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type") ?? "").toMatch(/image/);
    const { page } = session;
    await page.goto("/");
    await waitForPage(page, "Overview");
    expect(await page.locator('link[rel="icon"][href^="/favicon.ico"]').count()).toBe(1);
  });

  it("an unknown topic is 'Not found' without retrying or actions", async () => {
    const { page } = session;
    const missing = `${PREFIX}-no-such-topic`;
    let detailRequests = 0;
    const count = (request: { url(): string }) => {
      if (new URL(request.url()).pathname === `/api/v1/clusters/local-kafka/topics/${missing}`) detailRequests++;
    };
    page.on("request", count);
    try {
      await page.goto(`/clusters/local-kafka/topics/${missing}`);
      await waitForPage(page, missing);
      await page.getByTestId("not-found-state").waitFor({ timeout: 30_000 });
      expect(await page.getByText(/Retrying every/).count()).toBe(0);
      expect(await page.getByTestId("replay-open").count()).toBe(0);
      const before = detailRequests;
      await page.waitForTimeout(7_000); // longer than the 5 s poll: a retry loop would ask again
      expect(detailRequests).toBe(before);
      await screenshot(page, "ux-topic-not-found");
    } finally {
      page.off("request", count);
    }
  });

  it("loads /trace without a hydration error, several times from a fresh tab", async () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const fresh = await newSession(browser, app);
      extraSessions.push(fresh);
      await fresh.context.addCookies(await session.context.cookies());
      const consoleErrors: string[] = [];
      fresh.page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      await fresh.page.goto(`/trace?id=${encodeURIComponent(`order-${attempt}`)}`);
      await waitForPage(fresh.page, "Trace");
      await fresh.page.waitForTimeout(1_500);
      expect(fresh.pageErrors.filter((text) => /418|hydrat/i.test(text))).toEqual([]);
      expect(consoleErrors.filter((text) => /418|hydrat/i.test(text))).toEqual([]);
      await fresh.context.close();
    }
  });

  it("jobs' Started and Finished cells fit their columns", async () => {
    const requeue = await apiCall<{ job: { id: string } }>(app, app.adminToken, "POST", `/clusters/local-kafka/dlq/${encodeURIComponent(DLQ)}/requeue`, { ids: ["0-4"] });
    expect(requeue.status).toBe(202);
    await eventually(
      "the requeue job to finish",
      async () => ["succeeded", "failed"].includes((await apiCall<{ state: string }>(app, app.adminToken, "GET", `/jobs/${requeue.body.job.id}`)).body.state),
      60_000,
    );
    const { page } = session;
    await page.goto("/jobs");
    await waitForPage(page, "Jobs");
    await page.getByTestId("job-finished").first().waitFor();
    expect(await page.getByTestId("job-finished").first().innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    expect(await fits(page, '[data-testid="job-started"]')).toBe(true);
    expect(await fits(page, '[data-testid="job-finished"]')).toBe(true);
    await screenshot(page, "ux-jobs");
  });

  it("an idempotency key is shown whole and the value column drops what other columns show", async () => {
    const { page } = session;
    await page.goto("/idempotency/orders-redis");
    await waitForPage(page, "orders-redis");
    await page.getByLabel("Search records").fill(EVENT_ID);
    const key = page.getByTestId("idem-key").filter({ hasText: EVENT_ID });
    await key.waitFor({ timeout: 60_000 });
    expect(await key.innerText()).toContain(RECORD_KEY);
    expect(await key.evaluate((element) => element.scrollWidth <= (element.closest("td")?.clientWidth ?? 0) + 1)).toBe(true);
    const row = page.locator('table[aria-label="Records"] tbody tr', { has: key });
    const value = (await row.locator("td").last().innerText()).trim();
    expect(value).toBe('{"amount":12.5}');
    await screenshot(page, "ux-idempotency-records");
  });
});

describe("item 8: the cluster page", () => {
  it("shows Kafka's version, brokers, listeners, counts and settings", async () => {
    const { page } = session;
    await page.goto("/clusters/local-kafka");
    await waitForPage(page, "Local Kafka");
    await eventually("the version", async () => /^Kafka \d+\.\d+$/.test(await page.getByTestId("cluster-version").innerText()), 60_000);
    await page.locator('table[aria-label="Cluster nodes"]').getByText("controller").waitFor();
    expect(await page.getByTestId("cluster-listeners").innerText()).toMatch(/PLAINTEXT:\/\//);
    const settings = page.locator('table[aria-label="Cluster settings"]');
    await settings.getByText("auto.create.topics.enable", { exact: true }).waitFor();
    await settings.getByText("log.retention.hours", { exact: true }).waitFor();
    expect(Number((await page.getByTestId("cluster-topic-count").innerText()).replace(/,/g, ""))).toBeGreaterThanOrEqual(2);
    await screenshot(page, "ux-cluster-kafka");
  });

  it("shows the NATS server and the JetStream account", async () => {
    const { page } = session;
    await page.goto("/clusters/local-nats");
    await waitForPage(page, "Local NATS");
    await eventually("the version", async () => /^nats-server \d/.test(await page.getByTestId("cluster-version").innerText()), 60_000);
    const settings = page.locator('table[aria-label="Cluster settings"]');
    await settings.getByText("max_storage", { exact: true }).waitFor();
    await settings.getByText("streams", { exact: true }).waitFor();
    await screenshot(page, "ux-cluster-nats");
  });

  it("shows the RabbitMQ node, its listeners and the vhosts read", async () => {
    const { page } = session;
    await page.goto("/clusters/local-rabbit");
    await waitForPage(page, "Local RabbitMQ");
    await eventually("the version", async () => /^RabbitMQ \d+\.\d+/.test(await page.getByTestId("cluster-version").innerText()), 60_000);
    expect(await page.getByTestId("cluster-listeners").innerText()).toMatch(/amqp/i);
    const settings = page.locator('table[aria-label="Cluster settings"]');
    await settings.getByText("vhosts", { exact: true }).waitFor();
    await settings.getByText("exchanges", { exact: true }).waitFor();
    await screenshot(page, "ux-cluster-rabbitmq");
  });

  it("shows the Redis of a Redis Streams cluster and the settings that can lose entries", async () => {
    const { page } = session;
    await page.goto("/clusters/local-streams");
    await waitForPage(page, "Local Redis Streams");
    await eventually("the version", async () => /^Redis \d+\.\d+/.test(await page.getByTestId("cluster-version").innerText()), 60_000);
    const settings = page.locator('table[aria-label="Cluster settings"]');
    await settings.getByText("maxmemory_policy", { exact: true }).waitFor();
    await settings.getByText("aof_enabled", { exact: true }).waitFor();
    await screenshot(page, "ux-cluster-redis-streams");
  });
});

describe("an up cluster with nothing to sample", () => {
  it("says on the overview that no stream matches its pattern, instead of collecting samples forever", async () => {
    const { page } = session;
    await page.goto("/");
    await waitForPage(page, "Overview");
    const card = page.locator("article.cluster-card", { has: page.getByRole("link", { name: "Empty Redis Streams" }) });
    await eventually("the empty note", async () => (await card.getByTestId("cluster-empty").count()) === 1, 60_000);
    expect(await card.getByTestId("cluster-empty").innerText()).toBe(`No streams match “${EMPTY_PATTERN}”`);
    // Sampled for several cycles by now: still no chart waiting for samples.
    expect(await card.getByText("Collecting samples").count()).toBe(0);
    await screenshot(page, "ux-overview-empty-streams");
    await page.goto("/clusters/empty-streams/topics");
    await waitForPage(page);
    await page.getByText(`whose keys match “${EMPTY_PATTERN}”; none does.`).waitFor();
  });
});

describe("item 9: the consumer list sorts, filters and keeps its state in the URL", () => {
  it("sorts by lag through the header, filters by status, links topics, and a reload keeps it all", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/consumers?q=${PREFIX}`);
    await waitForPage(page);
    const table = page.locator("table.table").first();
    const groupNames = () => table.locator("tbody tr td:first-child a").allInnerTexts();
    await eventually("both groups", async () => (await groupNames()).length === 2, 60_000);
    await table.getByRole("button", { name: /^Lag/ }).first().click();
    await page.waitForURL((url) => url.searchParams.get("sort") === "lag" && url.searchParams.get("q") === PREFIX);
    await eventually("biggest lag first", async () => (await groupNames())[0] === BEHIND, 30_000);
    await table.getByRole("button", { name: /^Lag/ }).first().click();
    await page.waitForURL((url) => url.searchParams.get("dir") === "asc");
    await eventually("smallest lag first", async () => (await groupNames())[0] === CAUGHT_UP, 30_000);
    const topicLink = table.getByTestId("group-topics").first().getByRole("link", { name: TOPIC, exact: true });
    expect(new URL((await topicLink.getAttribute("href"))!, page.url()).pathname).toBe(`/clusters/local-kafka/topics/${encodeURIComponent(TOPIC)}`);

    await page.getByTestId("status-filter").selectOption("ERR");
    await page.waitForURL((url) => url.searchParams.get("status") === "ERR");
    await page.reload();
    await waitForPage(page);
    expect(await page.getByTestId("status-filter").inputValue()).toBe("ERR");
    expect(await page.locator('main input[type="search"]').first().inputValue()).toBe(PREFIX);
    await screenshot(page, "ux-consumers-sorted");
  });
});
