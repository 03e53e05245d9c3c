// Issue 16 item 2 in Chromium, against the production server, real Kafka and a real HTTP endpoint
// serving Prometheus text: the Processing page lists the metrics sources (an unreachable one stale
// with its reason), and a source's page shows per event type the rates, the failure ratio, the topic
// the events come from (found by convention) and, on a failure spike, the link to that topic's DLQ.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { createTopic, testKafka } from "../support/brokers";
import { eventually, launchBrowser, screenshot, signIn, startConsole, waitForPage, type BrowserSession, type Console } from "./support/stack";
import { screenshotOnFailure } from "./support/failure-screenshots";
import { startMetricsEndpoint, type MetricsEndpoint } from "./support/metrics-endpoint";

const suffix = randomUUID().slice(0, 8);
const TOPIC = `e2e-processing-${suffix}`;
const DLQ = `${TOPIC}.dlq`;
const kafka = testKafka();
// Every scrape: 10 more successes of the type named like the topic; once failing, failures too.
let endpoint: MetricsEndpoint;
let closedPort = 0;
let app: Console;
let browser: Browser;
let session: BrowserSession;

beforeAll(async () => {
  await createTopic(kafka, TOPIC, 1);
  await createTopic(kafka, DLQ, 1);
  endpoint = await startMetricsEndpoint(TOPIC);
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  app = await startConsole("processing", {
    extraConfig: {
      metrics: [
        { id: "e2e-inventory", url: endpoint.url, cluster: "local-kafka", samplingIntervalMs: 1000 },
        { id: "e2e-gone", url: `http://127.0.0.1:${closedPort}/metrics`, samplingIntervalMs: 1000 },
      ],
    },
  });
  browser = await launchBrowser();
  session = await signIn(browser, app, app.admin);
}, 300_000);

screenshotOnFailure(() => (session ? [session] : []));

afterAll(async () => {
  await session?.context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await app?.stop();
  await endpoint?.close();
  const admin = kafka.admin();
  await admin.connect().catch(() => undefined);
  await admin.deleteTopics({ topics: [TOPIC, DLQ] }).catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  expect(session?.pageErrors ?? [], "uncaught errors in the page").toEqual([]);
});

describe("processing outcomes", () => {
  it("lists the sources from the navigation; an unreachable one is stale with its reason", async () => {
    const { page } = session;
    await page.goto("/");
    await page.getByRole("link", { name: "Processing", exact: true }).click();
    await waitForPage(page, "Processing outcomes");
    const table = page.locator('table[aria-label="Metrics sources"]');
    const gone = table.locator("tbody tr", { hasText: "e2e-gone" });
    await eventually("the unreachable source stale", async () => (await gone.innerText()).includes("stale"), 60_000);
    expect(await gone.innerText()).toContain("ECONNREFUSED");
    const good = table.locator("tbody tr", { hasText: "e2e-inventory" });
    await eventually("the good source ok", async () => (await good.innerText()).includes("ok"), 60_000);
    await screenshot(page, "processing-list");
  });

  it("shows a source's types with rates, ratio, topic and, on a failure spike, the DLQ link", async () => {
    const { page } = session;
    await page.locator('table[aria-label="Metrics sources"]').getByRole("link", { name: "e2e-inventory" }).click();
    await waitForPage(page, "e2e-inventory");
    const row = page.locator('table[aria-label="Processing outcomes by event type"] tbody tr', { hasText: TOPIC });
    await eventually("the type, without failures", async () => (await row.count()) === 1 && /(^|\s)0 %/.test(await row.innerText()), 60_000);
    expect(await row.getByTestId("failure-spike").count()).toBe(0);
    endpoint.setFailing(true);
    await eventually("a failure ratio", async () => /\b([1-9]\d?(\.\d)?) %/.test(await row.innerText()), 60_000);
    expect(await row.getByRole("link", { name: TOPIC, exact: true }).getAttribute("href")).toBe(`/clusters/local-kafka/topics/${encodeURIComponent(TOPIC)}`);
    await eventually("the DLQ link", async () => (await row.getByTestId("type-dlq-link").count()) === 1, 60_000);
    expect(await row.getByTestId("type-dlq-link").getAttribute("href")).toBe(`/clusters/local-kafka/dlq/${encodeURIComponent(DLQ)}`);
    await row.getByTestId("failure-spike").waitFor();
    await page.getByRole("figure", { name: `Processing outcomes of ${TOPIC}` }).waitFor();
    await screenshot(page, "processing-source");
    await row.getByTestId("type-dlq-link").click();
    await waitForPage(page, DLQ);
  });
});
