// Issue 13: Settings → Clusters adds every kind of the config schema, with the kind's own fields.
// An admin adds a RabbitMQ cluster (AMQP URL, management URL, vhosts, user and password) and a Redis
// Streams cluster (URL, pattern) through the form in Chromium, against the real brokers, and sees
// their queue and stream; the form's validation messages and the server's refusal of a password in
// the URL are shown next to their fields.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { connect } from "amqplib";
import Redis from "ioredis";
import {
  apiCall,
  eventually,
  RABBITMQ_MANAGEMENT_URL,
  RABBITMQ_URL,
  REDIS_URL,
  screenshot,
  startSignedIn,
  stopSignedIn,
  waitForPage,
  type SignedInConsole,
} from "./support/stack";
import { screenshotOnFailure } from "./support/failure-screenshots";

const suffix = randomUUID().slice(0, 8);
const QUEUE = `e2e-form-${suffix}-orders`;
const STREAM = `e2e-form-${suffix}-events`;
const RABBIT_ID = `form-rabbit-${suffix}`;
const STREAMS_ID = `form-streams-${suffix}`;

let stack: SignedInConsole | undefined;
const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });

// A RabbitMQ user of this test's own (made with the management API as the test URL's user), so the
// cluster only works if the form's user and password reach both AMQP and the management API.
const RABBIT_USER = `e2e-form-${suffix}`;
const RABBIT_PASS = `pw-${randomUUID()}`;

/** The AMQP URL without its user and password: the form takes those in their own fields. */
function bareUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  return parsed.toString().replace(/\/$/, "");
}

/** A management API call as the test URL's user (guest). */
async function management(method: string, path: string, body?: unknown): Promise<void> {
  const admin = new URL(RABBITMQ_URL);
  const auth = Buffer.from(`${decodeURIComponent(admin.username) || "guest"}:${decodeURIComponent(admin.password) || "guest"}`).toString("base64");
  const response = await fetch(`${RABBITMQ_MANAGEMENT_URL}${path}`, {
    method,
    headers: { authorization: `Basic ${auth}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

beforeAll(async () => {
  const connection = await connect(RABBITMQ_URL);
  try {
    const channel = await connection.createChannel();
    await channel.assertQueue(QUEUE, { durable: false, autoDelete: false });
    for (let i = 0; i < 3; i++) channel.sendToQueue(QUEUE, Buffer.from(JSON.stringify({ order: i })));
    await channel.close();
  } finally {
    await connection.close();
  }
  await management("PUT", `/api/users/${encodeURIComponent(RABBIT_USER)}`, { password: RABBIT_PASS, tags: "monitoring" });
  await management("PUT", `/api/permissions/%2F/${encodeURIComponent(RABBIT_USER)}`, { configure: ".*", write: ".*", read: ".*" });
  await redis.connect();
  await redis.xadd(STREAM, "*", "order", "1");
  stack = await startSignedIn("settings-cluster-kinds");
}, 180_000);

afterAll(async () => {
  await stopSignedIn({ app: stack?.app, browser: stack?.browser, sessions: stack ? [stack.session] : [] });
  const connection = await connect(RABBITMQ_URL).catch(() => null);
  if (connection) {
    const channel = await connection.createChannel();
    await channel.deleteQueue(QUEUE).catch(() => undefined);
    await connection.close().catch(() => undefined);
  }
  await management("DELETE", `/api/users/${encodeURIComponent(RABBIT_USER)}`).catch(() => undefined);
  await redis.del(STREAM).catch(() => undefined);
  redis.disconnect();
});

screenshotOnFailure(() => (stack ? [stack.session] : []));

describe("Settings → Clusters offers every kind", () => {
  it("adds a RabbitMQ cluster through the form, with validation messages, and shows its queue", async () => {
    const { page } = stack!.session;
    const { app } = stack!;
    await page.goto(`${app.baseUrl}/settings/clusters`);
    await waitForPage(page, /Clusters|Settings/);
    await page.getByRole("button", { name: "Add cluster" }).click();
    const form = page.getByRole("form", { name: "Add cluster" });
    const kinds = await form.getByLabel("Kind").locator("option").allInnerTexts();
    expect(kinds).toEqual(["Kafka", "NATS JetStream", "RabbitMQ", "Redis Streams"]);

    await form.getByLabel("Kind").selectOption("rabbitmq");
    const amqpUrl = bareUrl(RABBITMQ_URL);
    await form.getByLabel("Id", { exact: true }).fill(RABBIT_ID);
    await form.getByLabel("Name", { exact: true }).fill("Form RabbitMQ");
    // A password inside the URL is refused by the server (it would be stored unsealed), shown at the URL.
    await form.getByLabel("AMQP URL").fill(amqpUrl.replace("amqp://", "amqp://ops:hunter2@"));
    // The management URL is required: said by the form, before anything is sent.
    await form.getByRole("button", { name: "Add cluster" }).click();
    await expect.poll(() => form.getByText("managementUrl is required").isVisible()).toBe(true);
    await form.getByLabel("Management API URL").fill(RABBITMQ_MANAGEMENT_URL);
    await form.getByLabel("Vhosts").fill("/");
    await form.getByLabel("User", { exact: true }).fill(RABBIT_USER);
    // A user without a password: the form asks for it.
    await form.getByRole("button", { name: "Add cluster" }).click();
    await expect.poll(() => form.getByText("Password is required").isVisible()).toBe(true);
    await form.getByLabel("Password", { exact: true }).fill(RABBIT_PASS);
    await form.getByRole("button", { name: "Add cluster" }).click();
    await expect.poll(() => form.getByText(/url: give the password in its own field/).isVisible()).toBe(true);

    await form.getByLabel("AMQP URL").fill(amqpUrl);
    await form.getByRole("button", { name: "Add cluster" }).click();
    await eventually("the added notice", () => page.getByText(`Added cluster “Form RabbitMQ”.`).isVisible(), 30_000, 250);

    // Stored with its password sealed: the API says a password is set, never which.
    const listed = await apiCall<{ clusters: Record<string, unknown>[] }>(app, app.adminToken, "GET", "/clusters");
    const saved = listed.body.clusters.find((cluster) => cluster.id === RABBIT_ID);
    expect(saved).toMatchObject({ kind: "rabbitmq", source: "database", managementUrl: expect.stringContaining("15672"), vhosts: ["/"], auth: { user: RABBIT_USER, pass: true } });
    expect(JSON.stringify(listed.body)).not.toContain(RABBIT_PASS);

    // Its queues, from the real RabbitMQ.
    await page.goto(`${app.baseUrl}/clusters/${RABBIT_ID}/topics`);
    await waitForPage(page, /Queues/);
    await eventually(`queue ${QUEUE} listed`, () => page.getByText(QUEUE, { exact: true }).first().isVisible(), 60_000, 500);
    await screenshot(page, "settings-rabbitmq-cluster-queues");
  }, 180_000);

  it("adds a Redis Streams cluster with its pattern and shows its stream", async () => {
    const { page } = stack!.session;
    const { app } = stack!;
    await page.goto(`${app.baseUrl}/settings/clusters`);
    await waitForPage(page, /Clusters|Settings/);
    await page.getByRole("button", { name: "Add cluster" }).click();
    const form = page.getByRole("form", { name: "Add cluster" });
    await form.getByLabel("Kind").selectOption("redis-streams");
    await form.getByLabel("Id", { exact: true }).fill(STREAMS_ID);
    await form.getByLabel("Name", { exact: true }).fill("Form Redis Streams");
    // One URL, not a list.
    await form.getByLabel("Redis URL").fill(`${REDIS_URL}, ${REDIS_URL}`);
    await form.getByLabel("Stream key pattern").fill(`e2e-form-${suffix}-*`);
    await form.getByRole("button", { name: "Add cluster" }).click();
    await expect.poll(() => form.getByText("url: give one URL").isVisible()).toBe(true);
    await form.getByLabel("Redis URL").fill(REDIS_URL);
    await form.getByRole("button", { name: "Add cluster" }).click();
    await eventually("the added notice", () => page.getByText(`Added cluster “Form Redis Streams”.`).isVisible(), 30_000, 250);

    await page.goto(`${app.baseUrl}/clusters/${STREAMS_ID}/topics`);
    await waitForPage(page, /Streams/);
    await eventually(`stream ${STREAM} listed`, () => page.getByText(STREAM, { exact: true }).first().isVisible(), 60_000, 500);
  }, 180_000);
});
