// Issue 16 "done when": one order followed in Chromium from the outbox to processed, as an operator
// would, on real parts only. The order service's side is the seeds' practice: the event written as a
// row of a reliable_outbox table on the real PostgreSQL (a table of this test's own, the demo's shape),
// and the demo's own outbox worker (scripts/demo/outbox-relay.ts) publishing it to a real Kafka topic.
// A real Kafka consumer processes it and counts event_processed_total{type,status} on a real /metrics
// endpoint (the demo's ProcessedCounter), which the console scrapes as a metrics source.
// The operator: /outbox → the source → the order's row (published) → its trace (outbox row, topic
// message, processing outcome of its type, trace link from its traceparent) → the topic message.
// Then the worker stops, a row stuck past its attempts and next_retry_at shows with a status and a
// reason, and "Retry stuck rows now" runs through its dry run and confirmation as an audited job that
// really moves next_retry_at in the table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type http from "node:http";
import pg from "pg";
import type { Consumer, Producer } from "kafkajs";
import type { Browser } from "playwright-core";
import { DemoOutbox } from "../../scripts/demo/outbox-relay";
import { ProcessedCounter, serveMetrics } from "../../scripts/demo/processing-metrics";
import { createTopic, testKafka } from "../support/brokers";
import { screenshotOnFailure } from "./support/failure-screenshots";
import { apiCall, createUser, eventually, screenshot, signIn, startSignedIn, stopSignedIn, waitForPage, type BrowserSession, type Console } from "./support/stack";

const PG_URL = process.env.TEST_PG_OUTBOX_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const suffix = randomUUID().slice(0, 8);
const TABLE = `e2e_outbox_${suffix}`;
const TOPIC = `e2e-orders-paid-${suffix}`;
const SOURCE = `e2e-orders-outbox-${suffix}`;
const METRICS = `e2e-payments-${suffix}`;
const EVENT_TYPE = "order_paid";
const ORDER_ID = `order-${suffix}`;
const EVENT_ID = `evt-${randomUUID()}`;
const STUCK_ID = `evt-stuck-${randomUUID()}`;
const TRACE_ID = randomBytes(16).toString("hex");
const TRACEPARENT = `00-${TRACE_ID}-${randomBytes(8).toString("hex")}-01`;
const TRACE_TEMPLATE = "https://jaeger.example/trace/{traceId}";

const kafka = testKafka();
const db = new pg.Pool({ connectionString: PG_URL, max: 2 });
const counter = new ProcessedCounter();
let producer: Producer;
let consumer: Consumer;
let relay: DemoOutbox | undefined;
let metricsServer: http.Server | null = null;
let app: Console;
let browser: Browser;
let session: BrowserSession;
let viewer: BrowserSession | undefined;

async function rowOf(id: string): Promise<{ status: string; attempts: number; next_retry_at: Date | null } | undefined> {
  const { rows } = await db.query(`SELECT status, attempts, next_retry_at FROM ${TABLE} WHERE id = $1`, [id]);
  return rows[0];
}

beforeAll(async () => {
  await createTopic(kafka, TOPIC, 1);
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  // The order service's side: its outbox table and the worker that publishes it (creates the table).
  relay = new DemoOutbox(producer, (line) => console.log(`[outbox worker] ${line}`), TABLE);
  await relay.start();

  // The payment consumer: processes order_paid events, counted as the demo's services count them.
  consumer = kafka.consumer({ groupId: `e2e-payments-${suffix}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const type = message.headers?.["x-event-type"]?.toString() ?? "unknown";
      try {
        const event = JSON.parse(message.value?.toString() ?? "") as { order_id?: unknown };
        counter.inc(type, typeof event.order_id === "string" ? "success" : "failure");
      } catch {
        counter.inc(type, "failure");
      }
    },
  });
  metricsServer = await serveMetrics("e2e payments", 0, counter, (line) => console.log(line));
  if (!metricsServer) throw new Error("the consumer's /metrics did not listen");
  const metricsUrl = `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}/metrics`;

  ({ app, browser, session } = await startSignedIn("outbox-order-flow", {
    extraConfig: {
      outbox: [
        // warnAgeSeconds: the stuck row below must read "stuck", not "the worker is behind", however slow the run.
        { id: SOURCE, name: "Orders outbox (e2e)", kind: "postgres", url: PG_URL, table: TABLE, allowActions: true, samplingIntervalMs: 1000, warnAgeSeconds: 3600 },
      ],
      metrics: [{ id: METRICS, url: metricsUrl, cluster: "local-kafka", topics: { [EVENT_TYPE]: TOPIC }, samplingIntervalMs: 1000 }],
      traceLinks: { urlTemplate: TRACE_TEMPLATE },
    },
  }));

  // The order is paid: the service writes its event to the outbox in the seeds' shape.
  await relay.write([
    {
      id: EVENT_ID,
      topic: TOPIC,
      key: ORDER_ID,
      // The seeds' OrderPaidEvent, with its event id (as the demo's events carry theirs).
      value: JSON.stringify({ event_id: EVENT_ID, order_id: ORDER_ID, user_id: "user-7", amount: 42.5, version: "v1" }),
      headers: { "content-type": "application/json", "x-event-type": EVENT_TYPE, "x-event-id": EVENT_ID, traceparent: TRACEPARENT },
    },
  ]);
}, 300_000);

screenshotOnFailure(() => [session, viewer].filter((one): one is BrowserSession => one !== undefined));

afterAll(async () => {
  await stopSignedIn({ app, browser, sessions: [session, viewer] });
  await relay?.stop();
  await consumer?.disconnect().catch(() => undefined);
  await producer?.disconnect().catch(() => undefined);
  metricsServer?.closeAllConnections();
  await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)));
  await db.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
  await db.end();
  const admin = kafka.admin();
  await admin.connect().catch(() => undefined);
  await admin.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  expect([...(session?.pageErrors ?? []), ...(viewer?.pageErrors ?? [])], "uncaught errors in the page").toEqual([]);
});

describe("one order from the outbox to processed", () => {
  it("leaves the outbox, is published and processed (the real worker and consumer)", async () => {
    await eventually("the worker published the row", async () => (await rowOf(EVENT_ID))?.status === "published", 60_000);
    await eventually("the consumer processed the event", async () => counter.exposition().includes(`event_processed_total{type="${EVENT_TYPE}",status="success"} 1`), 60_000);
  });

  it("the operator finds the order's row on the outbox page, published, and follows it to its trace", async () => {
    const { page } = session;
    await page.goto("/");
    await page.locator("aside.sidebar").getByRole("link", { name: "Outbox", exact: true }).click();
    await waitForPage(page, "Outbox tables");
    const sourceRow = page.getByRole("table", { name: "Outbox tables" }).locator("tbody tr", { hasText: "Orders outbox (e2e)" });
    await eventually("the source ok with nothing waiting", async () => /nothing waits to be published/.test(await sourceRow.innerText()), 60_000);
    expect(await sourceRow.innerText()).toContain("PostgreSQL");
    await screenshot(page, "outbox-list");

    await sourceRow.getByRole("link", { name: "Orders outbox (e2e)" }).click();
    await waitForPage(page, "Orders outbox (e2e)");
    await expect.poll(async () => page.getByTestId("outbox-status").innerText(), { timeout: 30_000 }).toMatch(/nothing waits to be published/);
    const byStatus = page.getByRole("table", { name: "Rows by status" });
    await eventually("one published row counted", async () => /published\s+1\b/.test(await byStatus.innerText()), 30_000);

    const search = page.getByLabel("Search rows");
    await search.fill(ORDER_ID);
    await search.press("Enter");
    const rowsTable = page.getByRole("table", { name: "Outbox rows" });
    const rows = rowsTable.locator("tbody tr:not(.row-detail)");
    await eventually("only the order's row", async () => (await rows.count()) === 1 && (await rows.first().innerText()).includes(EVENT_ID), 30_000);
    const row = rows.first();
    const text = await row.innerText();
    expect(text).toContain(TOPIC);
    expect(text).toContain("published");
    // Times in the console's format (UTC by default), not the driver's text.
    expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    // The payload, decoded and whole in the row's detail: the order it is about.
    await row.click();
    const payload = rowsTable.getByTestId("outbox-row-payload");
    await payload.waitFor();
    expect(await payload.innerText()).toContain(`"order_id": "${ORDER_ID}"`);
    // Readable: nothing of it cut off sideways (it was a clipped sliver in a narrow cell once).
    expect(await payload.evaluate((pre) => pre.scrollWidth <= pre.clientWidth && pre.clientWidth >= 400)).toBe(true);
    await screenshot(page, "outbox-source-order-row");

    await row.getByTestId("outbox-row-trace").click();
    await waitForPage(page, "Trace an event");
    expect(new URL(page.url()).searchParams.get("id")).toBe(EVENT_ID);
    const hits = page.getByRole("table", { name: "Trace hits", exact: true });
    await hits.waitFor({ timeout: 90_000 });
    // The outbox row and the topic message, in the story.
    const outboxHit = hits.locator("tbody tr", { hasText: `${SOURCE}: ${EVENT_ID}` });
    await outboxHit.waitFor({ timeout: 90_000 });
    expect(await outboxHit.innerText()).toContain("published");
    const topicHit = hits.locator("tbody tr").filter({ has: page.getByRole("link", { name: TOPIC, exact: true }) });
    await topicHit.waitFor({ timeout: 90_000 });
    // The traceparent the service put on the event -> the configured tracing UI.
    expect((await topicHit.getByTestId("trace-id").innerText()).trim()).toBe(TRACE_ID);
    const link = topicHit.getByTestId("trace-link");
    expect(await link.getAttribute("href")).toBe(TRACE_TEMPLATE.replace("{traceId}", TRACE_ID));
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
    // The processing outcome of its type, from the consumer's /metrics.
    const outcome = page.getByTestId("trace-processing-outcome").filter({ hasText: EVENT_TYPE });
    await outcome.waitFor({ timeout: 60_000 });
    const outcomeText = await outcome.innerText();
    expect(outcomeText).toContain(TOPIC);
    expect(outcomeText).toMatch(/\b1 \/ 0 since the service started/);
    expect(await outcome.getByRole("link", { name: METRICS }).getAttribute("href")).toBe(`/processing/${encodeURIComponent(METRICS)}`);
    await screenshot(page, "outbox-order-trace");

    // On to the message itself, in the topic's browser.
    await topicHit.getByRole("link", { name: TOPIC, exact: true }).click();
    await waitForPage(page, TOPIC);
    const message = page.getByRole("table", { name: "Messages", exact: true }).locator("tbody tr", { hasText: ORDER_ID }).first();
    await message.waitFor({ timeout: 60_000 });
    await screenshot(page, "outbox-order-message");
  });

  it("a stuck row shows with its status and reason, and 'retry now' goes through its dry run and confirmation, audited", async () => {
    // The worker stops; a row it gave up on: past 5 attempts and past its next_retry_at.
    await relay?.stop();
    relay = undefined;
    await db.query(
      `INSERT INTO ${TABLE} (id, topic, key, payload, status, attempts, next_retry_at) VALUES ($1, $2, $3, $4::jsonb, 'pending', 7, now() - interval '10 minutes')`,
      [STUCK_ID, TOPIC, `order-stuck-${suffix}`, JSON.stringify({ order_id: `order-stuck-${suffix}`, version: "v1" })],
    );
    const before = (await rowOf(STUCK_ID))!.next_retry_at!.getTime();

    const { page } = session;
    await page.goto("/outbox");
    await waitForPage(page, "Outbox tables");
    const sourceRow = page.getByRole("table", { name: "Outbox tables" }).locator("tbody tr", { hasText: "Orders outbox (e2e)" });
    await eventually("the source warns of the stuck row", async () => /warn/i.test(await sourceRow.innerText()) && /1 row stuck/.test(await sourceRow.innerText()), 60_000);
    const listed = await sourceRow.innerText();
    expect(listed).toContain("1 row at 5+ attempts");
    expect(listed).toContain("overdue for retry");
    // The reason wraps in its cell instead of being cut off (the cell is as wide as its text needs).
    const why = sourceRow.locator("td").last();
    expect(await why.evaluate((cell) => cell.scrollWidth <= cell.clientWidth)).toBe(true);
    await screenshot(page, "outbox-list-stuck");

    await sourceRow.getByRole("link", { name: "Orders outbox (e2e)" }).click();
    await waitForPage(page, "Orders outbox (e2e)");
    await expect.poll(async () => page.getByTestId("outbox-status").innerText(), { timeout: 30_000 }).toMatch(/1 row stuck/);
    await page.locator('select[aria-label="Status"]').selectOption("pending");
    const rows = page.getByRole("table", { name: "Outbox rows" }).locator("tbody tr:not(.row-detail)");
    await eventually("the stuck row listed", async () => (await rows.count()) === 1 && (await rows.first().innerText()).includes(STUCK_ID), 30_000);
    expect(await rows.first().innerText()).toMatch(/pending\s+7/);

    await page.getByTestId("outbox-retry-stuck").click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain("1 row matches now");
    await screenshot(page, "outbox-retry-dry-run");
    // The dry run changed nothing.
    expect((await rowOf(STUCK_ID))!.next_retry_at!.getTime()).toBe(before);
    await dialog.getByRole("button", { name: /confirm|retry/i }).last().click();
    const done = page.getByRole("status").filter({ hasText: /Job .+ queued for 1 row\./ });
    await done.waitFor();
    const jobId = /Job (\S+) queued/.exec(await done.innerText())![1];
    expect(await done.getByRole("link", { name: jobId }).getAttribute("href")).toBe(`/jobs/${jobId}`);

    await eventually("next_retry_at moved to now", async () => (await rowOf(STUCK_ID))!.next_retry_at!.getTime() > before + 5 * 60_000, 60_000);
    const job = await eventually("the job succeeded", async () => {
      const result = await apiCall<{ state: string; done: number; kind: string }>(app, app.adminToken, "GET", `/jobs/${jobId}`);
      return result.body.state === "succeeded" ? result.body : undefined;
    }, 60_000);
    expect(job).toMatchObject({ kind: "outbox-retry", done: 1 });
    await screenshot(page, "outbox-retry-done");

    await page.goto(`/audit?q=${encodeURIComponent(SOURCE)}`);
    await waitForPage(page, "Audit log");
    const audit = page.getByRole("table", { name: "Audit events" }).locator("tbody tr", { hasText: "outbox.retry" }).first();
    await audit.waitFor({ timeout: 30_000 });
    expect(await audit.innerText()).toContain(`outbox:${SOURCE}`);
    expect(await audit.innerText()).toContain("admin");
  });

  it("a viewer sees the stuck row but not an enabled 'retry now', with the reason", async () => {
    viewer = await signIn(browser, app, await createUser(app, "e2e-outbox-viewer", "viewer"));
    const { page } = viewer;
    await page.goto(`/outbox/${encodeURIComponent(SOURCE)}`);
    await waitForPage(page, "Orders outbox (e2e)");
    const retry = page.getByTestId("outbox-retry-stuck");
    await retry.waitFor();
    expect(await retry.isDisabled()).toBe(true);
    expect(await retry.getAttribute("title")).toBe("Needs the operator role");
    // And the API refuses the viewer's own session too.
    const refused = await page.evaluate(async (source) => {
      const response = await fetch(`/api/v1/outbox/${encodeURIComponent(source)}/retry`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ stuck: true, dryRun: true }) });
      return { status: response.status, body: await response.text() };
    }, SOURCE);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatch(/operator/);
  });
});
