// Issue 16 item 3 in Chromium, against the real production server and Kafka: a message carrying a W3C
// traceparent shows its trace id and an "Open trace" link built from the config's traceLinks.urlTemplate
// (rel="noopener noreferrer", new tab) in the message viewer, the DLQ message view and the event trace;
// a message whose traceparent is malformed (uppercase) shows no trace id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Browser, Locator, Page } from "playwright-core";
import { createTopic, testKafka } from "../support/brokers";
import { apiCall, eventually, launchBrowser, screenshot, signIn, startConsole, waitForPage, type BrowserSession, type Console } from "./support/stack";
import { screenshotOnFailure } from "./support/failure-screenshots";

const suffix = randomUUID().slice(0, 8);
const TOPIC = `e2e-trace-links-${suffix}`;
const DLQ = `${TOPIC}.dlq`;
/** Under a masking rule on its traceparent header: the API must not tell its trace id. */
const MASKED_TOPIC = `${TOPIC}-masked`;
const ORDER_ID = `ord-trace-links-${suffix}`;
const TRACE_ID = randomUUID().replaceAll("-", "");
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
const TEMPLATE = "https://jaeger.example/trace/{traceId}?from=eventscope";
const EXPECTED_URL = `https://jaeger.example/trace/${TRACE_ID}?from=eventscope`;

const kafka = testKafka();
let app: Console;
let browser: Browser;
let session: BrowserSession;

beforeAll(async () => {
  await createTopic(kafka, TOPIC, 1);
  await createTopic(kafka, DLQ, 1);
  await createTopic(kafka, MASKED_TOPIC, 1);
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: TOPIC,
      messages: [
        { key: ORDER_ID, value: JSON.stringify({ order_id: ORDER_ID }), headers: { traceparent: TRACEPARENT } },
        // Not valid trace context (uppercase hex): no trace id shown for it.
        { key: `${ORDER_ID}-bad`, value: "{}", headers: { traceparent: TRACEPARENT.toUpperCase() } },
      ],
    });
    await producer.send({ topic: MASKED_TOPIC, messages: [{ key: ORDER_ID, value: "{}", headers: { traceparent: TRACEPARENT } }] });
    await producer.send({
      topic: DLQ,
      messages: [
        {
          key: ORDER_ID,
          value: JSON.stringify({ order_id: ORDER_ID }),
          headers: { traceparent: TRACEPARENT, "x-original-topic": TOPIC, "x-original-partition": "0", "x-original-offset": "0", "x-error": "boom", "x-attempts": "3" },
        },
      ],
    });
  } finally {
    await producer.disconnect();
  }
  app = await startConsole("trace-links", { extraConfig: { traceLinks: { urlTemplate: TEMPLATE } } });
  browser = await launchBrowser();
  session = await signIn(browser, app, app.admin);
}, 300_000);

screenshotOnFailure(() => (session ? [session] : []));

afterAll(async () => {
  await session?.context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await app?.stop();
  const admin = kafka.admin();
  await admin.connect().catch(() => undefined);
  await admin.deleteTopics({ topics: [TOPIC, DLQ, MASKED_TOPIC] }).catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  expect(session?.pageErrors ?? [], "uncaught errors in the page").toEqual([]);
});

async function expectTraceLink(scope: Locator): Promise<void> {
  expect((await scope.getByTestId("trace-id").innerText()).trim()).toBe(TRACE_ID);
  const link = scope.getByTestId("trace-link");
  expect(await link.getAttribute("href")).toBe(EXPECTED_URL);
  expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
  expect(await link.getAttribute("target")).toBe("_blank");
}

const messageRows = (page: Page) => page.locator('table[aria-label="Messages"] tbody tr:has(button.row-toggle)');

describe("trace links", () => {
  it("in the message viewer: the trace id and its link; none for a malformed traceparent", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/topics/${encodeURIComponent(TOPIC)}`);
    await waitForPage(page, TOPIC);
    const rows = messageRows(page);
    await eventually("both messages in the browser", async () => (await rows.count()) === 2, 60_000);
    const malformed = rows.filter({ hasText: `${ORDER_ID}-bad` });
    await malformed.getByRole("button", { name: "Open message" }).click();
    const badViewer = page.locator(".message-viewer");
    await badViewer.waitFor();
    await badViewer.locator(".headers-table").getByText(TRACEPARENT.toUpperCase(), { exact: true }).waitFor();
    expect(await badViewer.getByTestId("trace-id").count()).toBe(0);
    await malformed.getByRole("button", { name: "Close message" }).click();
    await badViewer.waitFor({ state: "detached" });

    const good = rows.filter({ hasNotText: `${ORDER_ID}-bad` });
    await good.getByRole("button", { name: "Open message" }).click();
    const viewer = page.locator(".message-viewer");
    await viewer.waitFor();
    await expectTraceLink(viewer);
    await screenshot(page, "trace-links-message-viewer");
  });

  it("in the DLQ message view", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/dlq/${encodeURIComponent(DLQ)}`);
    await waitForPage(page, DLQ);
    const open = page.getByTestId("dlq-open-0-0");
    await open.waitFor({ timeout: 60_000 });
    await open.click();
    const detail = page.getByTestId("dlq-message-0-0");
    await detail.waitFor();
    await expectTraceLink(detail);
    await screenshot(page, "trace-links-dlq");
  });

  it("not for a masked traceparent (API, as the bootstrap token, which sees masked values)", async () => {
    type Page = { messages: { headers: Record<string, string>; traceId?: string; traceUrl?: string }[] };
    const path = `/clusters/local-kafka/topics/${encodeURIComponent(MASKED_TOPIC)}/messages?partition=0&from=0`;
    const before = await eventually("the message", async () => {
      const { status, body } = await apiCall<Page>(app, app.adminToken, "GET", path);
      return status === 200 && body.messages.length === 1 ? body.messages[0] : undefined;
    }, 60_000);
    expect(before.traceId).toBe(TRACE_ID);
    expect(before.traceUrl).toBe(EXPECTED_URL);
    const rule = await apiCall(app, app.adminToken, "POST", "/masking-rules", { topic: MASKED_TOPIC, kind: "header", pattern: "traceparent" });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const after = await eventually("the masked message", async () => {
      const { body } = await apiCall<Page>(app, app.adminToken, "GET", path);
      const message = body.messages?.[0];
      return message && message.headers.traceparent !== TRACEPARENT ? message : undefined;
    }, 30_000);
    expect(after.traceId).toBeUndefined();
    expect(after.traceUrl).toBeUndefined();
    expect(JSON.stringify(after)).not.toContain(TRACE_ID);
  });

  it("in the event trace", async () => {
    const { page } = session;
    await page.goto(`/trace?id=${encodeURIComponent(ORDER_ID)}&topic=${encodeURIComponent(`${TOPIC}*`)}`);
    await waitForPage(page, "Trace an event");
    const table = page.getByRole("table", { name: "Trace hits", exact: true });
    await table.waitFor({ timeout: 90_000 });
    await eventually("a hit with its trace link", async () => (await table.getByTestId("trace-link").count()) >= 2, 90_000);
    const hit = table.locator("tbody tr").filter({ has: page.getByTestId("trace-link") }).first();
    await expectTraceLink(hit);
  });
});
