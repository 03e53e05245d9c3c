// Issue 6's browser test: payload, key and header values carrying <script> or <img onerror> are
// shown as inert text, in the message browser and in the DLQ view. Published straight to Kafka with
// kafkajs, read back through the real production server in Chromium.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import type { Browser, Page } from "playwright-core";
import {
  eventually,
  KAFKA_BROKERS,
  screenshot,
  startSignedIn,
  stopSignedIn,
  waitForPage,
  type BrowserSession,
  type Console,
} from "./support/stack";
import { createTopics, deleteTopics, produce } from "../support/kafka-seed";
import { screenshotOnFailure } from "./support/failure-screenshots";

const SCRIPT = "<script>window.__xss=1</script>";
const IMG = '<img src=x onerror="window.__xss=1">';
const suffix = randomUUID().slice(0, 8);
const TOPIC = `e2e-xss-${suffix}`;
const DLQ_TOPIC = `${TOPIC}.dlq`;

const kafka = new Kafka({ clientId: "eventscope-e2e", brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
let app: Console;
let browser: Browser;
let session: BrowserSession;

/** Nothing ran: no flag, no <img src=x> or injected <script> in the DOM, no dialog or page error. */
async function expectInert(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator("script").evaluateAll((scripts) => scripts.filter((s) => (s.textContent ?? "").includes("__xss")).length)).toBe(0);
  expect(session.pageErrors).toEqual([]);
}

beforeAll(async () => {
  await createTopics(kafka, [{ topic: TOPIC }, { topic: DLQ_TOPIC }]);
  const value = JSON.stringify({ note: SCRIPT, picture: IMG, nested: { html: `${IMG}${SCRIPT}` } });
  await produce(kafka, [
    { topic: TOPIC, messages: [{ key: SCRIPT, value, headers: { "x-comment": IMG, "x-script": SCRIPT } }] },
    {
      topic: DLQ_TOPIC,
      messages: [
        {
          key: IMG,
          value: `not json ${SCRIPT}`,
          headers: {
            "x-original-topic": TOPIC,
            "x-original-partition": "0",
            "x-original-offset": "0",
            "x-error": `invalid field: ${IMG}`,
            "x-error-class": SCRIPT,
            "x-attempts": "3",
          },
        },
      ],
    },
  ]);
  ({ app, browser, session } = await startSignedIn("xss"));
});

screenshotOnFailure(() => (session ? [session] : []));

afterAll(async () => {
  await stopSignedIn({ app, browser, sessions: [session] });
  await deleteTopics(kafka, [TOPIC, DLQ_TOPIC]);
});

describe("hostile payloads render as text", () => {
  it("in the message browser: key, header and JSON value", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/topics/${encodeURIComponent(TOPIC)}`);
    await waitForPage(page, TOPIC);
    const rows = page.locator('table[aria-label="Messages"] tbody tr:has(button.row-toggle)');
    await eventually("the hostile message in the browser", async () => (await rows.count()) === 1, 60_000);
    await expectInert(page);
    await rows.first().getByRole("button", { name: "Open message" }).click();
    const viewer = page.locator(".message-viewer");
    await viewer.waitFor();
    // The literal text is visible: key, both headers, and the value (pretty-printed JSON keeps the strings).
    await viewer.locator("pre.code-inline").getByText(SCRIPT, { exact: true }).waitFor();
    await viewer.locator(".headers-table").getByText(IMG, { exact: true }).waitFor();
    await viewer.locator(".headers-table").getByText(SCRIPT, { exact: true }).waitFor();
    // The JSON tree (the default view) shows every string as text, nested ones too.
    const tree = viewer.locator('[role="tree"]');
    await tree.waitFor();
    await tree.locator(".json-string").getByText(JSON.stringify(SCRIPT), { exact: true }).first().waitFor();
    expect(await tree.locator(".json-key").allInnerTexts()).toEqual(expect.arrayContaining(["note", "picture", "nested", "html"]));
    await expectInert(page);
    await viewer.getByTestId("json-view-text").click();
    const value = await viewer.locator(".value-view pre.code-block").innerText();
    expect(value).toContain(SCRIPT);
    // Inside a JSON string the quotes of the attribute are escaped.
    expect(value).toContain('<img src=x onerror=\\"window.__xss=1\\">');
    await expectInert(page);
    await screenshot(page, "30-xss-message-viewer");
  });

  it("in the DLQ view: error summary, envelope and message", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/dlq/${encodeURIComponent(DLQ_TOPIC)}`);
    await waitForPage(page, DLQ_TOPIC);
    const group = page.getByTestId("error-summary-row").first();
    await group.waitFor({ timeout: 60_000 });
    // The group's signature replaces numbers (window.__xss=1 -> <n>); its example keeps the literal text.
    expect(await group.locator(".dlq-error-signature").innerText()).toBe(`invalid field: ${IMG.replace("=1", "=<n>")}`);
    expect(await group.getByTestId("error-summary-example").innerText()).toBe(`e.g. invalid field: ${IMG}`);
    await page.getByTestId("dlq-open-0-0").click();
    const detail = page.getByTestId("dlq-message-0-0");
    await detail.waitFor();
    expect(await detail.getByTestId("dlq-message-error").innerText()).toBe(`invalid field: ${IMG}`);
    await detail.getByText(SCRIPT, { exact: true }).first().waitFor();
    expect(await detail.locator(".value-view pre.code-block").innerText()).toBe(`not json ${SCRIPT}`);
    await expectInert(page);
    await screenshot(page, "31-xss-dlq-message");
  });
});
