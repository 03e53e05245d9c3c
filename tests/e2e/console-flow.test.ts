// The operator's whole flow in a real browser (issue 7, item 4): the production server, the demo
// services making traffic, and Chromium clicking the real buttons. Screenshots of the main pages go
// to test-results/screenshots/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import type { Browser, Page } from "playwright-core";
import {
  apiCall,
  createUser,
  eventually,
  KAFKA_BROKERS,
  launchBrowser,
  newSession,
  screenshot,
  signIn,
  sleep,
  startConsole,
  startDemo,
  waitForPage,
  type BrowserSession,
  type Console,
  type Credentials,
  type Demo,
} from "./support/stack";
import { screenshotOnFailure } from "./support/failure-screenshots";
import { rankGroupsBehind } from "@/lib/client/chart-data";
import { normalizeErrorText } from "@/lib/dlq/error-signature";
import { GROUPS_BEHIND_ROWS, GROUPS_BEHIND_SCAN_LIMIT } from "@/lib/client/query-config";

const DLQ = "orders.created.dlq";
const DLQ_PATH = `/clusters/local-kafka/dlq/${encodeURIComponent(DLQ)}`;

interface ApiDlqMessage {
  id: string;
  status: string;
  error: string;
}
interface ApiMessage {
  partition: number;
  offset: number;
  headers: Record<string, string>;
}

let app: Console;
let demo: Demo;
let browser: Browser;
let admin: BrowserSession;
let operator: Credentials;
let viewer: Credentials;
const sessions: BrowserSession[] = [];

async function pendingDlqMessages(): Promise<ApiDlqMessage[]> {
  const result = await apiCall<{ messages: ApiDlqMessage[] }>(app, app.adminToken, "GET", `/clusters/local-kafka/dlq/${encodeURIComponent(DLQ)}/messages?status=pending&limit=200`);
  if (result.status !== 200) throw new Error(`DLQ messages: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body.messages;
}

/** The ids of the DLQ messages whose checkbox is shown (and enabled) on the page. */
async function selectableIds(page: Page): Promise<string[]> {
  return page.locator('input[type="checkbox"][data-testid^="dlq-select-"]:not([data-testid="dlq-select-page"]):enabled').evaluateAll((boxes) =>
    boxes.map((box) => (box.getAttribute("data-testid") ?? "").replace(/^dlq-select-/, "")),
  );
}

beforeAll(async () => {
  demo = startDemo();
  app = await startConsole("flow");
  browser = await launchBrowser();
  // The admin of EVENTSCOPE_ADMIN_PASSWORD is created while no user exists: sign in before adding others.
  admin = await signIn(browser, app, app.admin);
  sessions.push(admin);
  operator = await createUser(app, "e2e-operator", "operator");
  viewer = await createUser(app, "e2e-viewer", "viewer");
});

screenshotOnFailure(() => sessions);

afterAll(async () => {
  for (const session of sessions) await session.context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await app?.stop();
  await demo?.stop();
  // Uncaught page exceptions fail the run even when every assertion passed.
  const errors = sessions.flatMap((session) => session.pageErrors);
  expect(errors, "uncaught errors in the pages").toEqual([]);
});

describe("the operator's flow in the browser", () => {
  it("sends an anonymous visitor to the sign-in page, and the API answers 401", async () => {
    const anonymous = await newSession(browser, app);
    sessions.push(anonymous);
    const { page } = anonymous;
    await page.goto(DLQ_PATH);
    const url = new URL(page.url());
    expect(url.pathname).toBe("/sign-in");
    expect(url.searchParams.get("next")).toBe(DLQ_PATH);
    await page.locator('form[aria-label="Sign in"]').waitFor();
    await screenshot(page, "00-sign-in");
    const api = await page.request.get("/api/v1/clusters");
    expect(api.status()).toBe(401);
    await anonymous.context.close();
  });

  it("overview: both clusters up, throughput, and billing-slow among the groups most behind", async () => {
    const { page } = admin;
    await page.goto("/");
    await waitForPage(page, "Overview");
    for (const name of ["Local Kafka", "Local NATS"]) {
      const card = page.locator("article.cluster-card", { has: page.getByRole("link", { name, exact: true }) });
      await eventually(`${name} shown as up`, async () => (await card.getAttribute("class"))?.includes("cluster-card-up"), 60_000);
      // Throughput: a drawn chart, with the current rate in its legend.
      const chart = card.locator(`figure[aria-label="Total throughput of ${name}"]`);
      await chart.locator("svg.recharts-surface").first().waitFor({ timeout: 60_000 });
      await eventually(`${name} throughput figure`, async () => /\d/.test(await chart.locator(".chart-legend .chart-key").first().innerText()), 30_000);
    }
    const behind = page.getByRole("table", { name: "Groups most behind" });
    const slowLink = behind.getByRole("link", { name: "billing-slow", exact: true }).first();
    // The table ranks by lag in seconds. On a broker shared with the integration tests, their idle
    // groups (committed minutes ago, never consumed since) can be further behind than the demo's
    // billing-slow; then the API's own figures must rank billing-slow below a full table.
    await eventually("billing-slow among the groups most behind (or outranked by groups further behind)", async () => {
      if (await slowLink.isVisible()) return true;
      const lists = await Promise.all(
        ["local-kafka", "local-nats"].map(async (clusterId) => {
          const response = await page.request.get(`/api/v1/clusters/${clusterId}/consumers?limit=${GROUPS_BEHIND_SCAN_LIMIT}`);
          return { clusterId, clusterName: clusterId, consumers: response.ok() ? (await response.json()).consumers : [] };
        }),
      );
      const expected = rankGroupsBehind(lists, GROUPS_BEHIND_ROWS);
      const rows = await behind.locator("tbody tr").count();
      return expected.length === GROUPS_BEHIND_ROWS && !expected.some((row) => row.group === "billing-slow") && rows === GROUPS_BEHIND_ROWS;
    }, 90_000);
    const kafkaRate = await page.locator('figure[aria-label="Total throughput of Local Kafka"] .chart-legend .chart-key').first().innerText();
    expect(kafkaRate).toMatch(/\d/);
    await screenshot(page, "01-overview");
  });

  it("topic page: the orders.created figures and chart move", async () => {
    const { page } = admin;
    await page.goto("/clusters/local-kafka/topics/orders.created");
    await waitForPage(page, "orders.created");
    const messages = page.locator(".stat", { has: page.locator(".stat-label", { hasText: /^Messages$/ }) });
    const chart = page.locator('figure[aria-label="Throughput of orders.created"]');
    const curve = chart.locator("path.recharts-area-curve").first();
    await curve.waitFor({ timeout: 60_000 });
    const count = async () => Number((await messages.getAttribute("title"))?.replace(/[^\d]/g, ""));
    const firstCount = await count();
    const firstCurve = await curve.getAttribute("d");
    expect(firstCount).toBeGreaterThan(0);
    await eventually("the message count to grow", async () => (await count()) > firstCount, 30_000, 1_000);
    await eventually("the throughput chart to redraw", async () => (await curve.getAttribute("d")) !== firstCurve, 30_000, 1_000);
    await screenshot(page, "03-topic-orders-created");
  });

  it("DLQ: an operator requeues poison messages grouped by error; they leave pending and reach orders.created", async () => {
    // Enough dead letters of more than one kind first (the demo rotates through six poison kinds).
    await eventually(
      "poison messages of two kinds in orders.created.dlq",
      async () => new Set((await pendingDlqMessages()).map((message) => message.error)).size >= 2,
      120_000,
      2_000,
    );
    const session = await signIn(browser, app, operator);
    sessions.push(session);
    const { page } = session;
    await page.goto(DLQ_PATH);
    await waitForPage(page, DLQ);

    // Grouped by error: one summary row per error text, with its count.
    const groups = page.getByTestId("error-summary-row");
    await groups.first().waitFor({ timeout: 60_000 });
    expect(await groups.count()).toBeGreaterThanOrEqual(2);
    const counts = await groups.evaluateAll((rows) => rows.map((row) => ({ error: row.getAttribute("data-error") ?? "", count: Number(row.getAttribute("data-count")) })));
    for (const group of counts) {
      expect(group.error).not.toBe("");
      expect(group.count).toBeGreaterThan(0);
    }
    await screenshot(page, "05-dlq-detail");

    // The biggest group, then tick up to three of its messages.
    const biggestIndex = counts.reduce((best, group, index) => (group.count > counts[best].count ? index : best), 0);
    const biggest = counts[biggestIndex];
    await groups.nth(biggestIndex).locator("button").click();
    await eventually("the error filter applied", async () => (await page.getByTestId("dlq-error-filter").inputValue()) === biggest.error, 15_000, 250);
    await eventually(
      "only messages with the picked error",
      async () => {
        // A group is named by a signature (numbers as <n>, quoted fragments as '…', or the exception
        // class); each row shows its literal error (the whole text in its title): compare signatures.
        const errors = await page
          .locator('table[aria-label="DLQ messages"] tbody tr:has(button.row-toggle) td:nth-child(5) span[title]')
          .evaluateAll((spans) => spans.map((span) => span.getAttribute("title") ?? ""));
        // The title is "<error class>: <error>" when the message names a class (the demo's "poison").
        const sameCause = (text: string) =>
          [normalizeErrorText(text), normalizeErrorText(text.slice(text.indexOf(": ") + 2))].includes(biggest.error) || text.startsWith(`${biggest.error}: `);
        const ok = errors.length > 0 && errors.every(sameCause);
        if (!ok) throw new Error(`rows' errors ${JSON.stringify(errors.slice(0, 3))} (signatures ${JSON.stringify(errors.slice(0, 3).map(normalizeErrorText))}), group ${JSON.stringify(biggest.error)}`);
        return true;
      },
      30_000,
    );
    const ids = (await eventually("selectable DLQ messages", async () => {
      const found = await selectableIds(page);
      return found.length > 0 ? found : undefined;
    })).slice(0, 3);
    for (const id of ids) await page.getByTestId(`dlq-select-${id}`).check();
    expect(await page.getByTestId("dlq-selected-count").getAttribute("data-count")).toBe(String(ids.length));

    // Confirmation dialog with the dry-run count, then the job.
    await page.getByTestId("requeue-selected").click();
    const dialog = page.getByTestId("requeue-dialog");
    await dialog.waitFor();
    const dryRun = page.getByTestId("requeue-dry-run-count");
    await eventually("the dry-run count", async () => (await dryRun.getAttribute("data-matched")) === String(ids.length), 30_000, 250);
    expect(await dryRun.innerText()).toContain("orders.created");
    await screenshot(page, "06-dlq-requeue-dialog");
    const since = new Date(Date.now() - 2_000).toISOString();
    await page.getByTestId("requeue-confirm").click();
    await dialog.waitFor({ state: "detached" });

    const state = page.getByTestId("job-state").first();
    await state.waitFor();
    await eventually("the requeue job to succeed", async () => {
      const current = await state.getAttribute("data-state");
      if (current === "failed" || current === "cancelled") throw new Error(`job ${current}: ${await page.getByTestId("job-panel").first().innerText()}`);
      return current === "succeeded";
    }, 60_000, 500);
    const progress = page.getByTestId("job-progress").first();
    expect(await progress.getAttribute("data-done")).toBe(String(ids.length));
    expect(await progress.getAttribute("data-failed")).toBe("0");
    await screenshot(page, "07-dlq-requeue-succeeded");

    // They arrived in the original topic, carrying the requeue headers (API with a bearer token).
    const arrived = await eventually(
      "the requeued copies in orders.created",
      async () => {
        const result = await apiCall<{ messages: ApiMessage[] }>(
          app,
          app.adminToken,
          "GET",
          `/clusters/local-kafka/topics/orders.created/messages?since=${encodeURIComponent(since)}&limit=500&q=${encodeURIComponent(`local-kafka/${DLQ}/`)}`,
        );
        const copies = result.body.messages.filter((message) => message.headers["x-eventscope-requeue-id"]);
        const from = new Set(copies.map((message) => message.headers["x-eventscope-requeued-from"]));
        return ids.every((id) => from.has(`local-kafka/${DLQ}/${id}`)) ? copies : undefined;
      },
      30_000,
      1_000,
    );
    expect(arrived.length).toBeGreaterThanOrEqual(ids.length);

    // And in the message browser of orders.created, at the partition and offset where it landed (the
    // newest messages move on quickly at the demo's rate; a partition and start offset do not).
    const copy = arrived.find((message) => message.headers["x-eventscope-requeued-from"] === `local-kafka/${DLQ}/${ids[0]}`)!;
    await page.goto("/clusters/local-kafka/topics/orders.created");
    await waitForPage(page, "orders.created");
    const filters = page.locator('form[aria-label="Message filters"]');
    await filters.getByLabel("Partition").selectOption(String(copy.partition));
    await filters.getByLabel("From offset").fill(String(copy.offset));
    await filters.getByLabel("Contains").fill(`local-kafka/${DLQ}/${ids[0]}`);
    await filters.getByRole("button", { name: "Search" }).click();
    const rows = page.locator('table[aria-label="Messages"] tbody tr:has(button.row-toggle)');
    await eventually(`the requeued copy (partition ${copy.partition}, offset ${copy.offset}) in the message browser`, async () => (await rows.count()) === 1, 30_000);
    await rows.first().getByRole("button", { name: "Open message" }).click();
    await page.locator(".headers-table").getByText(`local-kafka/${DLQ}/${ids[0]}`).waitFor();
    await screenshot(page, "08-requeued-in-orders-created");

    // They left "pending": gone from the default view, listed under "Requeued".
    await page.goto(DLQ_PATH);
    await waitForPage(page, DLQ);
    expect(await page.getByTestId("dlq-status-filter").inputValue()).toBe("pending");
    await page.locator('table[aria-label="DLQ messages"]').waitFor();
    await eventually("the requeued messages gone from pending", async () => {
      for (const id of ids) if ((await page.getByTestId(`dlq-select-${id}`).count()) > 0) return false;
      return true;
    }, 30_000);
    await page.getByTestId("dlq-status-filter").selectOption("requeued");
    await page.waitForURL((url) => url.searchParams.get("status") === "requeued", { timeout: 15_000 });
    for (const id of ids) {
      const row = page.locator('table[aria-label="DLQ messages"] tbody tr', { has: page.getByTestId(`dlq-select-${id}`) });
      await row.waitFor({ timeout: 30_000 });
      expect(await row.getByTestId("dlq-status").getAttribute("data-status")).toBe("requeued");
      expect(await page.getByTestId(`dlq-select-${id}`).isDisabled()).toBe(true);
    }
    await screenshot(page, "09-dlq-requeued-filter");
    const stillPending = new Set((await pendingDlqMessages()).map((message) => message.id));
    for (const id of ids) expect(stillPending.has(id)).toBe(false);
  }, 300_000); // the longest walk through the UI; on a busy 2-core machine each page load takes seconds

  it("idempotency: the orders-redis store lists processed:* records", async () => {
    const { page } = admin;
    await page.goto("/idempotency");
    await waitForPage(page, "Idempotency");
    const stores = page.getByRole("table", { name: "Idempotency stores" });
    await stores.getByRole("link", { name: "orders-redis", exact: true }).waitFor({ timeout: 30_000 });
    await screenshot(page, "10-idempotency-stores");
    await stores.getByRole("link", { name: "orders-redis", exact: true }).click();
    await page.waitForURL("**/idempotency/orders-redis");
    await waitForPage(page, "orders-redis");
    const records = page.getByRole("table", { name: "Records" });
    await records.getByText(/^processed:/).first().waitFor({ timeout: 60_000 });
    expect(await records.locator("tbody tr").count()).toBeGreaterThan(0);
    await screenshot(page, "11-idempotency-records");
  });

  it("a viewer sees the DLQ but cannot requeue: buttons off, and the API answers 403", async () => {
    const session = await signIn(browser, app, viewer);
    sessions.push(session);
    const { page } = session;
    await page.goto(DLQ_PATH);
    await waitForPage(page, DLQ);
    await page.locator('table[aria-label="DLQ messages"]').waitFor();
    const ids = await eventually("pending messages for the viewer", async () => {
      const found = await selectableIds(page);
      return found.length > 0 ? found : undefined;
    });
    await page.getByTestId(`dlq-select-${ids[0]}`).check();
    for (const button of ["requeue-selected", "requeue-all", "discard-selected", "discard-all"]) {
      await eventually(`${button} disabled for a viewer`, () => page.getByTestId(button).isDisabled(), 15_000, 250);
    }
    const note = page.getByTestId("dlq-permission-note");
    await note.waitFor();
    expect(await note.innerText()).toMatch(/not available.*operator/i);
    // Opening a message offers no requeue either.
    await page.getByTestId(`dlq-open-${ids[0]}`).click();
    await page.getByTestId(`dlq-message-${ids[0]}`).waitFor();
    expect(await page.getByTestId("dlq-requeue-one").count()).toBe(0);
    await screenshot(page, "12-dlq-as-viewer");

    // The server refuses too, with the viewer's own session, from the page's origin.
    const refused = await page.evaluate(async ({ path, id }) => {
      const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ids: [id] }) });
      return { status: response.status, body: await response.json() };
    }, { path: `/api/v1${DLQ_PATH}/requeue`, id: ids[0] });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toMatch(/forbidden/);
    expect((await pendingDlqMessages()).some((message) => message.id === ids[0])).toBe(true);
  });

  it("reset offsets: an operator previews, confirms and applies a reset of a stopped group", async () => {
    // A group of our own on a topic of our own: the demo's groups are shared with whoever runs it.
    const name = `e2e-reset-${randomUUID().slice(0, 8)}`;
    const kafka = new Kafka({ clientId: "eventscope-e2e", brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: name, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: name, messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, value: `message ${i}` })) });
      await producer.disconnect();
      // Committed at 2 on every partition, no member: 8 behind on each.
      await admin.setOffsets({ groupId: name, topic: name, partitions: [0, 1, 2].map((partition) => ({ partition, offset: "2" })) });

      const session = await signIn(browser, app, operator);
      sessions.push(session);
      const { page } = session;
      await page.goto(`/clusters/local-kafka/consumers/${name}`);
      await waitForPage(page, name);
      await page.getByTestId("reset-mode").selectOption("latest");
      await page.getByTestId("reset-preview").click();
      const rows = page.getByTestId("reset-preview-row");
      await eventually("the reset preview", async () => (await rows.count()) === 3, 30_000, 250);
      for (const row of await rows.all()) {
        const cells = (await row.locator("td").allInnerTexts()).map((text) => text.trim());
        // topic, partition, from, to, lag now, lag after
        expect(cells.slice(2, 6)).toEqual(["2", "10", "8", "0"]);
      }
      await screenshot(page, "24-reset-offsets-preview");
      await page.getByTestId("reset-apply").click();
      await page.getByTestId("reset-confirm").click();
      await page.getByText(/Reset applied: 3 partitions moved; lag now 0/).waitFor({ timeout: 30_000 });
      const committed = await admin.fetchOffsets({ groupId: name, topics: [name] });
      expect(committed[0].partitions.map((p) => p.offset).sort()).toEqual(["10", "10", "10"]);
      await screenshot(page, "25-reset-offsets-applied");
      await session.context.close();
    } finally {
      await admin.deleteGroups([name]).catch(() => undefined);
      await admin.deleteTopics({ topics: [name] }).catch(() => undefined);
      await admin.disconnect();
    }
  }, 240_000);

  it("every main page renders (screenshots)", async () => {
    const { page } = admin;
    const pages: [string, string, string | RegExp][] = [
      ["02-topics-kafka", "/clusters/local-kafka/topics", /Topics/],
      ["04-dlq-list-kafka", "/clusters/local-kafka/dlq", /DLQ|Dead/i],
      ["13-consumers-kafka", "/clusters/local-kafka/consumers", /Consumer/],
      ["14-consumer-billing-slow", "/clusters/local-kafka/consumers/billing-slow", "billing-slow"],
      ["15-streams-nats", "/clusters/local-nats/topics", /Streams/],
      ["16-stream-orders-nats", "/clusters/local-nats/topics/ORDERS", "ORDERS"],
      ["17-consumers-nats", "/clusters/local-nats/consumers", /Consumer/],
      ["18-dlq-list-nats", "/clusters/local-nats/dlq", /DLQ|Dead/i],
      ["19-jobs", "/jobs", /Jobs/],
      ["20-trace", "/trace", /Trace/i],
      ["21-audit", "/audit", /Audit/i],
      ["22-settings-users", "/settings/users", /Settings|Users/],
      ["23-settings-clusters", "/settings/clusters", /Settings|Clusters/],
    ];
    for (const [name, path, title] of pages) {
      await page.goto(path);
      await waitForPage(page, title);
      // Let the first queries land so the screenshot shows data rather than spinners.
      await eventually(`${path} loaded`, async () => (await page.locator(".state-loading").count()) === 0, 10_000, 250).catch(() => undefined);
      // An error box (they retry every few seconds) may be a passing hiccup; one that stays fails the test.
      const errorBox = page.locator(".state-error");
      await eventually(`no error shown on ${path}`, async () => (await errorBox.count()) === 0, 30_000, 1_000).catch(async (error: Error) => {
        await screenshot(page, `FAILED-${name}`);
        throw new Error(`${error.message}: ${(await errorBox.allInnerTexts()).join(" | ")}`);
      });
      await sleep(300);
      await screenshot(page, name);
    }
  }, 240_000);
});
