// Issue 12, item 9: every list sorts through its column headers, filters, and keeps sort, filter
// and page in the URL, in Chromium against the real production server and the real Kafka. Each list
// is sorted by a header, filtered, reloaded, and found in the same state; an empty result names
// what matched nothing and clears.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import Redis from "ioredis";
import type { Browser, Locator, Page } from "playwright-core";
import { apiCall, eventually, KAFKA_BROKERS, REDIS_URL, screenshot, startSignedIn, stopSignedIn, waitForPage, type BrowserSession, type Console } from "./support/stack";
import { createTopics, deleteTopics, produce } from "../support/kafka-seed";
import { screenshotOnFailure } from "./support/failure-screenshots";

const PREFIX = `e2e-lists-${randomUUID().slice(0, 8)}`;
const SMALL = `${PREFIX}-small`; // 1 partition, 3 messages
const WIDE = `${PREFIX}-wide`; // 3 partitions, 1 message
const FULL_DLQ = `${PREFIX}-orders.dlq`; // 2 pending dead letters
const EMPTY_DLQ = `${PREFIX}-payments.dlq`; // none
// Outside PREFIX so the lists above stay four topics and two DLQs: 60 dead letters, two pages of 50.
const PAGED_DLQ = `${PREFIX.replace("e2e-lists", "e2e-pages")}.dlq`;
const PAGED_COUNT = 60;
// Three dead letters whose time, error, original topic and attempts each give another order.
const SORTED_DLQ = `${PREFIX.replace("e2e-lists", "e2e-sorts")}.dlq`;

// Two records of the Redis store the e2e console lists (orders-redis, processed:*); b was written
// 100 s after a (it has 100 s more left of the same TTL). A store of this run only holds them, so
// whether it can tell the newest does not depend on other keys of the shared Redis.
const RECORDS = [`processed:${PREFIX}-a`, `processed:${PREFIX}-b`];
// A store whose records carry no TTL: Redis cannot tell which is newest, and the page says so.
const UNTIMED = [`untimed:${PREFIX}-a`, `untimed:${PREFIX}-b`];
const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });

const kafka = new Kafka({ clientId: "eventscope-e2e-lists", brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
let app: Console;
let browser: Browser;
let session: BrowserSession;

beforeAll(async () => {
  await createTopics(kafka, [{ topic: SMALL }, { topic: WIDE, partitions: 3 }, { topic: FULL_DLQ }, { topic: EMPTY_DLQ }, { topic: PAGED_DLQ }, { topic: SORTED_DLQ }]);
  const now = Date.now();
  await produce(kafka, [
    { topic: SMALL, messages: [0, 1, 2].map((i) => ({ key: `k${i}`, value: JSON.stringify({ i }) })) },
    { topic: WIDE, messages: [{ key: "k", value: "{}", partition: 0 }] },
    {
      topic: FULL_DLQ,
      messages: [0, 1].map((i) => ({ key: `order-${i}`, value: "{broken", headers: { "x-original-topic": SMALL, "x-error": `bad ${i}` } })),
    },
    {
      topic: PAGED_DLQ,
      messages: Array.from({ length: PAGED_COUNT }, (_, i) => ({ key: `order-${i}`, value: "{broken", headers: { "x-original-topic": SMALL, "x-error": "bad" } })),
    },
    {
      topic: SORTED_DLQ,
      messages: [
        { key: "s0", value: "{}", timestamp: String(now - 1_000), headers: { "x-original-topic": `${PREFIX}-b`, "x-error": "Bad JSON", "x-attempts": "3" } },
        { key: "s1", value: "{}", timestamp: String(now - 3_000), headers: { "x-original-topic": `${PREFIX}-c`, "x-error": "timeout 10", "x-attempts": "1" } },
        { key: "s2", value: "{}", timestamp: String(now - 2_000), headers: { "x-original-topic": `${PREFIX}-a`, "x-error": "timeout 9", "x-attempts": "2" } },
      ],
    },
  ]);
  await redis.connect();
  await redis.set(RECORDS[0]!, JSON.stringify({ consumer: "billing" }), "EX", 3500);
  await redis.set(RECORDS[1]!, JSON.stringify({ consumer: "billing" }), "EX", 3600);
  for (const key of UNTIMED) await redis.set(key, JSON.stringify({ consumer: "billing" }));
  ({ app, browser, session } = await startSignedIn("lists", {
    extraConfig: {
      idempotency: [
        { id: "orders-redis", kind: "redis", url: REDIS_URL, pattern: "processed:*", ttlSeconds: 3600 },
        { id: "lists-redis", kind: "redis", url: REDIS_URL, pattern: `processed:${PREFIX}-*` },
        { id: "untimed-redis", kind: "redis", url: REDIS_URL, pattern: `untimed:${PREFIX}-*` },
      ],
    },
  }));
}, 240_000);

screenshotOnFailure(() => (session ? [session] : []));

afterAll(async () => {
  await stopSignedIn({ app, browser, sessions: [session] });
  await redis.del(...RECORDS, ...UNTIMED).catch(() => undefined);
  redis.disconnect();
  await deleteTopics(kafka, [SMALL, WIDE, FULL_DLQ, EMPTY_DLQ, PAGED_DLQ, SORTED_DLQ]);
});

const firstCells = (table: Locator) => table.locator("tbody tr td:first-child").allInnerTexts();
const cellsOf = (table: Locator, column: number) => table.locator(`tbody tr td:nth-child(${column})`).allInnerTexts();
const searchBox = (page: Page) => page.locator('main input[type="search"]').first();
const ariaSortOf = (table: Locator, name: RegExp) => table.locator("th", { has: table.page().getByRole("button", { name }) }).getAttribute("aria-sort");

/** Sorting through a header by keyboard: Tab reaches the header's button, Enter sorts. */
async function pressHeader(table: Locator, name: RegExp): Promise<void> {
  const button = table.getByRole("button", { name }).first();
  await button.focus();
  await table.page().keyboard.press("Enter");
}

/** An impossible search shows "No … match “q”" and Clear filters brings the rows back. */
async function expectNoMatchAndClear(page: Page, table: Locator, noun: string): Promise<void> {
  const nothing = `${PREFIX}-nothing`;
  await searchBox(page).fill(nothing);
  await page.waitForURL((url) => url.searchParams.get("q") === nothing);
  await eventually(`"No ${noun} match"`, async () => (await table.innerText()).includes(`No ${noun} match “${nothing}”`), 30_000);
  await page.getByTestId("clear-filters").click();
  await page.waitForURL((url) => !url.searchParams.has("q"));
  await eventually("rows again", async () => (await table.locator("tbody tr").count()) > 1, 30_000);
  expect(await searchBox(page).inputValue()).toBe("");
}

describe("topic list", () => {
  it("sorts by partitions through the header, filters by kind, keeps it all over a reload, and clears", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/topics?q=${PREFIX}`);
    await waitForPage(page);
    const table = page.locator('table[aria-label="Topics"]');
    await eventually("the four topics", async () => (await firstCells(table)).length === 4, 60_000);
    await pressHeader(table, /^Partitions/);
    await page.waitForURL((url) => url.searchParams.get("sort") === "partitions");
    await eventually("most partitions first", async () => (await firstCells(table))[0]?.startsWith(WIDE), 30_000);
    expect(await ariaSortOf(table, /^Partitions/)).toBe("descending");
    await table.getByRole("button", { name: /^Messages/ }).click();
    await page.waitForURL((url) => url.searchParams.get("sort") === "messages");
    await eventually("most messages first", async () => (await firstCells(table))[0]?.startsWith(SMALL), 30_000);

    await page.getByTestId("kind-filter").selectOption("dlq");
    await page.waitForURL((url) => url.searchParams.get("kind") === "dlq");
    await eventually("only the DLQs", async () => {
      const names = await firstCells(table);
      return names.length === 2 && names.every((name) => name.includes(".dlq"));
    }, 30_000);
    await page.reload();
    await waitForPage(page);
    await eventually("the same two DLQs, fullest first", async () => (await firstCells(table))[0]?.startsWith(FULL_DLQ) && (await firstCells(table)).length === 2, 60_000);
    expect(await page.getByTestId("kind-filter").inputValue()).toBe("dlq");
    expect(await searchBox(page).inputValue()).toBe(PREFIX);
    expect(await ariaSortOf(table, /^Messages/)).toBe("descending");
    await screenshot(page, "lists-topics-sorted");
    await expectNoMatchAndClear(page, table, "topics");
  });
});

describe("DLQ list", () => {
  it("sorts by name through the header, filters by pending, keeps it over a reload", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/dlq?q=${PREFIX}`);
    await waitForPage(page);
    const table = page.locator('table[aria-label="Dead-letter queues"]');
    await eventually("both DLQs, most pending first", async () => {
      const names = await firstCells(table);
      return names.length === 2 && names[0] === FULL_DLQ;
    }, 60_000);
    await pressHeader(table, /^DLQ/);
    await page.waitForURL((url) => url.searchParams.get("sort") === "topic");
    await eventually("A to Z", async () => (await firstCells(table))[0] === FULL_DLQ, 30_000);
    await pressHeader(table, /^DLQ/);
    await page.waitForURL((url) => url.searchParams.get("dir") === "desc");
    await eventually("Z to A", async () => (await firstCells(table))[0] === EMPTY_DLQ, 30_000);
    await page.getByTestId("pending-filter").selectOption("some");
    await page.waitForURL((url) => url.searchParams.get("pending") === "some");
    await eventually("only the DLQ with pending messages", async () => (await firstCells(table)).join() === FULL_DLQ, 30_000);
    await page.reload();
    await waitForPage(page);
    await eventually("the same list", async () => (await firstCells(table)).join() === FULL_DLQ, 60_000);
    expect(await page.getByTestId("pending-filter").inputValue()).toBe("some");
    expect(await ariaSortOf(table, /^DLQ/)).toBe("descending");
    await screenshot(page, "lists-dlqs-sorted");
    await expectNoMatchAndClear(page, table, "dead-letter queues");
  });
});

describe("job list", () => {
  it("sorts by kind through the header on the server, filters by kind, keeps it over a reload", async () => {
    const requeue = await apiCall<{ job: { id: string } }>(app, app.adminToken, "POST", `/clusters/local-kafka/dlq/${encodeURIComponent(FULL_DLQ)}/requeue`, { ids: ["0-0"] });
    expect(requeue.status, JSON.stringify(requeue.body)).toBe(202);
    const replay = await apiCall<{ job: { id: string } }>(app, app.adminToken, "POST", `/clusters/local-kafka/topics/${encodeURIComponent(SMALL)}/replay`, {
      from: { offset: 0 },
      to: { offset: 1 },
      target: WIDE,
    });
    expect(replay.status, JSON.stringify(replay.body)).toBe(202);

    const { page } = session;
    await page.goto(`/jobs?q=${PREFIX}`);
    await waitForPage(page, "Jobs");
    const table = page.locator('table[aria-label="Jobs"]');
    const kinds = () => cellsOf(table, 2);
    await eventually("both jobs", async () => (await kinds()).length === 2, 60_000);
    await pressHeader(table, /^Kind/);
    await page.waitForURL((url) => url.searchParams.get("sort") === "kind");
    await eventually("replay before requeue", async () => (await kinds()).join() === "replay,requeue", 30_000);
    await pressHeader(table, /^Kind/);
    await page.waitForURL((url) => url.searchParams.get("dir") === "desc");
    await eventually("requeue before replay", async () => (await kinds()).join() === "requeue,replay", 30_000);
    await page.getByTestId("kind-filter").selectOption("replay");
    await page.waitForURL((url) => url.searchParams.get("kind") === "replay");
    await eventually("only the replay", async () => (await kinds()).join() === "replay", 30_000);
    await page.reload();
    await waitForPage(page, "Jobs");
    await eventually("the same list", async () => (await kinds()).join() === "replay", 60_000);
    expect(await page.getByTestId("kind-filter").inputValue()).toBe("replay");
    expect(await searchBox(page).inputValue()).toBe(PREFIX);
    expect(await ariaSortOf(table, /^Kind/)).toBe("descending");
    await screenshot(page, "lists-jobs-sorted");
    await expectNoMatchAndClear(page, table, "jobs");
  });
});

describe("audit log", () => {
  it("sorts by action through the header on the server, filters by action prefix, keeps it over a reload", async () => {
    // The requeue and the replay of the job list's test left a dlq.requeue and a topic.replay event.
    const { page } = session;
    await page.goto(`/audit?q=${PREFIX}`);
    await waitForPage(page, "Audit log");
    const table = page.locator('table[aria-label="Audit events"]');
    const actions = () => cellsOf(table, 3);
    await eventually("both events, newest first", async () => (await actions()).join() === "topic.replay,dlq.requeue", 60_000);
    expect(await ariaSortOf(table, /^Time/)).toBe("descending");
    await pressHeader(table, /^Action/);
    await page.waitForURL((url) => url.searchParams.get("sort") === "action");
    await eventually("A to Z by action", async () => (await actions()).join() === "dlq.requeue,topic.replay", 30_000);
    await pressHeader(table, /^Time/);
    await page.waitForURL((url) => url.searchParams.get("sort") === null && url.searchParams.get("dir") === null);
    await eventually("newest first again", async () => (await actions()).join() === "topic.replay,dlq.requeue", 30_000);
    await pressHeader(table, /^Time/);
    await page.waitForURL((url) => url.searchParams.get("dir") === "asc");
    await eventually("oldest first", async () => (await actions()).join() === "dlq.requeue,topic.replay", 30_000);
    await page.getByLabel("Action", { exact: true }).fill("topic.");
    await page.waitForURL((url) => url.searchParams.get("action") === "topic.");
    await eventually("only the replay", async () => (await actions()).join() === "topic.replay", 30_000);
    await page.reload();
    await waitForPage(page, "Audit log");
    await eventually("the same list", async () => (await actions()).join() === "topic.replay", 60_000);
    expect(await page.getByLabel("Action", { exact: true }).inputValue()).toBe("topic.");
    expect(await searchBox(page).inputValue()).toBe(PREFIX);
    expect(await ariaSortOf(table, /^Time/)).toBe("ascending");
    await screenshot(page, "lists-audit-sorted");
    await expectNoMatchAndClear(page, table, "events");
    expect(await page.getByLabel("Action", { exact: true }).inputValue()).toBe("");
  });
});

describe("idempotency records", () => {
  it("keeps the search and the page in the URL; a Redis search is ranked newest first among what it found, and says so", async () => {
    const { page } = session;
    await page.goto(`/idempotency/lists-redis?q=${PREFIX}`);
    await waitForPage(page, "lists-redis");
    const table = page.locator('table[aria-label="Records"]');
    const keys = () => table.getByTestId("idem-key").allInnerTexts();
    // Redis keeps keys unordered: the console ranks every match by its remaining TTL, newest first.
    await eventually("both records, newest first", async () => (await keys()).join() === [RECORDS[1], RECORDS[0]].join(), 60_000);
    expect(await ariaSortOf(table, /^Processed at/)).toBe("descending");
    await expect.poll(() => page.getByTestId("idem-order-note").innerText()).toBe(`Newest first among all 2 records matching “${PREFIX}”.`);
    expect(await searchBox(page).inputValue()).toBe(PREFIX);
    await page.reload();
    await waitForPage(page, "lists-redis");
    await eventually("the same records after a reload", async () => (await keys()).join() === [RECORDS[1], RECORDS[0]].join(), 60_000);
    await screenshot(page, "lists-idempotency-search");
    await expectNoMatchAndClear(page, table, "records");
  });

  it("says a store whose records carry no TTL lists in store order, with no header claiming a sort", async () => {
    const { page } = session;
    await page.goto("/idempotency/untimed-redis");
    await waitForPage(page, "untimed-redis");
    const table = page.locator('table[aria-label="Records"]');
    await eventually("both records", async () => (await table.getByTestId("idem-key").count()) === 2, 60_000);
    await expect.poll(() => page.getByTestId("idem-order-note").innerText()).toContain("Redis keeps keys unordered");
    expect(await table.locator("th[aria-sort]").count()).toBe(0);
  });
});

describe("a topic's messages", () => {
  it("flips newest/oldest first through the Timestamp header, kept over a reload", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/topics/${encodeURIComponent(SMALL)}`);
    await waitForPage(page, SMALL);
    const table = page.locator('table[aria-label="Messages"]');
    // Three messages written here, and the copy the job list's requeue sent back (x-original-topic).
    const offsets = async () => (await table.locator("tbody tr:has(button.row-toggle) td.mono.align-right").allInnerTexts()).join();
    const expected = async () => {
      const high = (await apiCall<{ partitions: { high: number }[] }>(app, app.adminToken, "GET", `/clusters/local-kafka/topics/${encodeURIComponent(SMALL)}`)).body.partitions[0]!.high;
      return Array.from({ length: high }, (_, offset) => String(offset));
    };
    const oldestFirst = (await expected()).join();
    const newestFirst = (await expected()).reverse().join();
    expect(oldestFirst.startsWith("0,1,2")).toBe(true);
    await eventually("newest first", async () => (await offsets()) === newestFirst, 60_000);
    expect(await ariaSortOf(table, /^Timestamp/)).toBe("descending");
    await pressHeader(table, /^Timestamp/);
    await page.waitForURL((url) => url.searchParams.get("order") === "oldest");
    await eventually("oldest first", async () => (await offsets()) === oldestFirst, 30_000);
    await page.reload();
    await waitForPage(page, SMALL);
    await eventually("still oldest first", async () => (await offsets()) === oldestFirst, 60_000);
    expect(await ariaSortOf(table, /^Timestamp/)).toBe("ascending");
  });
});

describe("a DLQ's messages", () => {
  const idsOf = (page: Page) => page.locator('table[aria-label="DLQ messages"] tbody tr td:nth-child(3)').allInnerTexts();

  it("sorts by error, age and back to DLQ order through the headers, on the server, kept over a reload", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/dlq/${encodeURIComponent(SORTED_DLQ)}`);
    await waitForPage(page, SORTED_DLQ);
    const table = page.locator('table[aria-label="DLQ messages"]');
    await eventually("DLQ order", async () => (await idsOf(page)).join() === "0-0,0-1,0-2", 60_000);
    expect(await ariaSortOf(table, /^Id/)).toBe("ascending");
    await pressHeader(table, /^Error/);
    await page.waitForURL((url) => url.searchParams.get("sort") === "error");
    await eventually("errors A to Z, numbers by value", async () => (await idsOf(page)).join() === "0-0,0-2,0-1", 30_000);
    await pressHeader(table, /^Error/);
    await page.waitForURL((url) => url.searchParams.get("dir") === "desc");
    await eventually("errors Z to A", async () => (await idsOf(page)).join() === "0-1,0-2,0-0", 30_000);
    await page.reload();
    await waitForPage(page, SORTED_DLQ);
    await eventually("the same order after a reload", async () => (await idsOf(page)).join() === "0-1,0-2,0-0", 60_000);
    expect(await ariaSortOf(table, /^Error/)).toBe("descending");
    // The whole DLQ was read, and the page says the order covers every matching message.
    expect(await page.getByTestId("dlq-sort-note").getAttribute("data-complete")).toBe("yes");
    await pressHeader(table, /^Age/);
    await page.waitForURL((url) => url.searchParams.get("sort") === "time" && !url.searchParams.has("dir"));
    await eventually("youngest first", async () => (await idsOf(page)).join() === "0-0,0-2,0-1", 30_000);
    expect(await ariaSortOf(table, /^Age/)).toBe("ascending");
    await pressHeader(table, /^Original topic/);
    await eventually("original topics A to Z", async () => (await idsOf(page)).join() === "0-2,0-0,0-1", 30_000);
    await pressHeader(table, /^Attempts/);
    await eventually("most attempts first", async () => (await idsOf(page)).join() === "0-0,0-2,0-1", 30_000);
    await screenshot(page, "lists-dlq-messages-sorted");
    await pressHeader(table, /^Id/);
    await page.waitForURL((url) => !url.searchParams.has("sort"));
    await eventually("DLQ order again", async () => (await idsOf(page)).join() === "0-0,0-1,0-2", 30_000);
  });

  it("keeps the page, its size and the way back over a reload: Next, Next, reload, Prev is the second page", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/dlq/${encodeURIComponent(PAGED_DLQ)}?limit=20`);
    await waitForPage(page, PAGED_DLQ);
    const rows = page.locator('table[aria-label="DLQ messages"] tbody tr:has(input[type="checkbox"])');
    const pageInfo = page.getByTestId("dlq-page-info");
    await eventually("a first page of 20", async () => (await rows.count()) === 20 && (await idsOf(page))[0] === "0-0", 60_000);
    await page.getByTestId("dlq-page-next").click();
    await eventually("the second page", async () => (await idsOf(page))[0] === "0-20", 30_000);
    const second = new URL(page.url()).searchParams.get("cursor");
    expect(second).toBeTruthy();
    await page.getByTestId("dlq-page-next").click();
    await eventually("the third page", async () => (await idsOf(page))[0] === "0-40", 30_000);
    await page.reload();
    await waitForPage(page, PAGED_DLQ);
    await eventually("still the third page of 20", async () => (await idsOf(page))[0] === "0-40" && (await rows.count()) === 20, 60_000);
    await eventually("its number known after the reload", async () => (await pageInfo.innerText()).startsWith("Page 3"), 30_000);
    await page.getByTestId("dlq-page-prev").click();
    await page.waitForURL((url) => url.searchParams.get("cursor") === second);
    await eventually("back on the second page", async () => (await idsOf(page))[0] === "0-20" && (await pageInfo.innerText()).startsWith("Page 2"), 30_000);
    expect(new URL(page.url()).searchParams.get("limit")).toBe("20");
    await page.getByTestId("dlq-page-prev").click();
    await page.waitForURL((url) => !url.searchParams.has("cursor"));
    await eventually("the first page again", async () => (await idsOf(page))[0] === "0-0", 30_000);
  });

  it("pages a sorted DLQ too: newest first, Next, reload, Prev", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/dlq/${encodeURIComponent(PAGED_DLQ)}?sort=time&dir=asc`);
    await waitForPage(page, PAGED_DLQ);
    const rows = page.locator('table[aria-label="DLQ messages"] tbody tr:has(input[type="checkbox"])');
    await eventually("a first page of 50", async () => (await rows.count()) === 50, 60_000);
    await page.getByTestId("dlq-page-next").click();
    await page.waitForURL((url) => url.searchParams.has("cursor"));
    await eventually("the last 10", async () => (await rows.count()) === PAGED_COUNT - 50, 30_000);
    await page.reload();
    await waitForPage(page, PAGED_DLQ);
    await eventually("still the last 10", async () => (await rows.count()) === PAGED_COUNT - 50, 60_000);
    await page.getByTestId("dlq-page-prev").click();
    await page.waitForURL((url) => !url.searchParams.has("cursor") && url.searchParams.get("sort") === "time");
    await eventually("the first page again", async () => (await rows.count()) === 50, 30_000);
  });
});
