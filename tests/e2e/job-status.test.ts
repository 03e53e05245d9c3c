// Issue 11 item 6 in a real browser: a job says what went wrong, at once, on its page and in the jobs
// list. Three real jobs on the real brokers:
// - failed: a Kafka requeue to a topic whose max.message.bytes is smaller than the message (the
//   broker refuses it for good): "failed: refused by Kafka: ... MESSAGE_TOO_LARGE";
// - messages not sent ("partly failed"): a Kafka DLQ message whose header names `__consumer_offsets` as its original
//   topic (an internal topic is never a target): "1 message: the target its headers name was refused: reserved ...";
// - paused: a JetStream requeue through a TCP proxy to NATS that the test cuts mid-job (the broker is
//   gone): "paused: broker unavailable since <time> (<reason>)".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import net from "node:net";
import { Kafka, logLevel } from "kafkajs";
import { connect, headers as natsHeaders, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager, jetstream } from "@nats-io/jetstream";
import type { Browser, Page } from "playwright-core";
import {
  apiCall,
  eventually,
  KAFKA_BROKERS,
  launchBrowser,
  NATS_SERVERS,
  screenshot,
  signIn,
  startConsole,
  waitForPage,
  type BrowserSession,
  type Console,
} from "./support/stack";
import { screenshotOnFailure } from "./support/failure-screenshots";

interface ApiJob {
  id: string;
  state: string;
  done: number;
  failed: number;
  error?: string;
  failures?: { reason: string; count: number }[];
  pausedSince?: string;
  pausedReason?: string;
}

const suffix = randomUUID().slice(0, 8);
const SMALL_TOPIC = `e2e-small-${suffix}`;
const SMALL_DLQ = `${SMALL_TOPIC}.DLT`;
const REFUSE_TOPIC = `e2e-refuse-${suffix}`;
const REFUSE_DLQ = `${REFUSE_TOPIC}.dlq`;
const tag = `e2e_pause_${suffix}`;
const TARGET_STREAM = `E2E_PAUSE_${suffix}`.toUpperCase();
const DLQ_STREAM = `E2E_PAUSE_${suffix}_DLQ`.toUpperCase();
const PROXIED_CLUSTER = `proxied-nats-${suffix}`;

const kafka = new Kafka({ clientId: "eventscope-e2e", brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
let nc: NatsConnection;
let app: Console;
let browser: Browser;
let session: BrowserSession;
let proxy: NatsProxy;

/** A TCP proxy to NATS that can be cut: the console's cluster behind it loses its broker for real. */
interface NatsProxy {
  port: number;
  cut(): Promise<void>;
}

async function startNatsProxy(): Promise<NatsProxy> {
  const upstream = new URL(NATS_SERVERS[0]!.includes("://") ? NATS_SERVERS[0]! : `nats://${NATS_SERVERS[0]}`);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const broker = net.connect(Number(upstream.port || 4222), upstream.hostname);
    for (const socket of [client, broker]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.pipe(broker).pipe(client);
    client.on("close", () => broker.destroy());
    broker.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    cut: () =>
      new Promise<void>((resolve) => {
        // Stop listening (reconnects are refused) and drop every open connection.
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

const api = <T>(method: string, apiPath: string, body?: unknown) => apiCall<T>(app, app.adminToken, method, apiPath, body);
const getJob = async (id: string) => (await api<ApiJob>("GET", `/jobs/${id}`)).body;

async function requeue(cluster: string, dlq: string, body: unknown): Promise<ApiJob> {
  const created = await api<{ job: ApiJob }>("POST", `/clusters/${cluster}/dlq/${encodeURIComponent(dlq)}/requeue`, body);
  expect(created.status, JSON.stringify(created.body)).toBe(202);
  return created.body.job;
}

const finished = (id: string) =>
  eventually(`job ${id} to finish`, async () => {
    const job = await getJob(id);
    return ["succeeded", "failed", "cancelled"].includes(job.state) ? job : undefined;
  }, 90_000);

/** The job's page, and the sentence it shows about the job's trouble. */
async function jobPageStatus(page: Page, id: string, expected: RegExp): Promise<string> {
  await page.goto(`/jobs/${id}`);
  await waitForPage(page);
  const status = page.getByTestId("job-status-text");
  return eventually(`the job page to say ${expected}`, async () => {
    const text = (await status.innerText({ timeout: 2_000 })).trim();
    return expected.test(text) ? text : undefined;
  }, 60_000, 1_000);
}

beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [
        // The broker refuses anything over 200 bytes for this topic: a permanent error.
        { topic: SMALL_TOPIC, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: "max.message.bytes", value: "200" }] },
        { topic: SMALL_DLQ, numPartitions: 1, replicationFactor: 1 },
        { topic: REFUSE_TOPIC, numPartitions: 1, replicationFactor: 1 },
        { topic: REFUSE_DLQ, numPartitions: 1, replicationFactor: 1 },
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
      topic: SMALL_DLQ,
      messages: [{ key: "big", value: JSON.stringify({ id: "big", padding: "x".repeat(2000) }), headers: { "kafka_dlt-original-topic": SMALL_TOPIC, "kafka_dlt-exception-message": "boom" } }],
    });
    await producer.send({
      topic: REFUSE_DLQ,
      messages: [
        { key: "ok", value: JSON.stringify({ id: "ok" }), headers: { "x-original-topic": REFUSE_TOPIC, "x-error": "boom" } },
        { key: "poisoned", value: JSON.stringify({ id: "poisoned" }), headers: { "x-original-topic": "__consumer_offsets", "x-error": "boom" } },
      ],
    });
  } finally {
    await producer.disconnect();
  }

  nc = await connect({ servers: NATS_SERVERS });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: TARGET_STREAM, subjects: [`${tag}.>`] });
  await jsm.streams.add({ name: DLQ_STREAM, subjects: [`deadletter_${tag}.>`] });
  const js = jetstream(nc);
  for (let i = 0; i < 30; i++) {
    const h = natsHeaders();
    h.set("x-original-subject", `${tag}.orders`);
    h.set("x-error", "boom");
    await js.publish(`deadletter_${tag}.orders`, JSON.stringify({ id: i }), { headers: h });
  }
  proxy = await startNatsProxy();

  app = await startConsole("job-status");
  browser = await launchBrowser();
  // Kolkata (+05:30, no daylight saving): the UTC/local switch visibly changes the paused sentence.
  session = await signIn(browser, app, app.admin, { timezoneId: "Asia/Kolkata" });
  const cluster = await api("POST", "/clusters", { id: PROXIED_CLUSTER, name: "Proxied NATS", kind: "nats", servers: [`nats://127.0.0.1:${proxy.port}`] });
  expect(cluster.status, JSON.stringify(cluster.body)).toBe(201);
}, 240_000);

screenshotOnFailure(() => (session ? [session] : []));

afterAll(async () => {
  await session?.context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await app?.stop();
  await proxy?.cut().catch(() => undefined);
  if (nc) {
    const jsm = await jetstreamManager(nc);
    for (const stream of [TARGET_STREAM, DLQ_STREAM]) await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
  }
  const admin = kafka.admin();
  await admin.connect().catch(() => undefined);
  await admin.deleteTopics({ topics: [SMALL_TOPIC, SMALL_DLQ, REFUSE_TOPIC, REFUSE_DLQ] }).catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  expect(session?.pageErrors ?? [], "uncaught errors in the pages").toEqual([]);
});

describe("a job's trouble, in words", () => {
  it("a requeue the broker refuses for good: 'failed: <reason>' on the job page and in the jobs list", async () => {
    const job = await finished((await requeue("local-kafka", SMALL_DLQ, { all: true })).id);
    expect(job.state).toBe("failed");
    const { page } = session;
    const text = await jobPageStatus(page, job.id, /^failed: refused by Kafka: .*MESSAGE_TOO_LARGE/);
    expect(text).toBe(`failed: ${job.error}`);
    await screenshot(page, "40-job-failed");

    await page.goto("/jobs");
    await waitForPage(page, "Jobs");
    const row = page.locator("tr", { has: page.locator(`a[href="/jobs/${job.id}"]`) });
    await expect.poll(async () => (await row.getByTestId("job-row-trouble").innerText()).trim(), { timeout: 30_000 }).toMatch(/^failed: refused by Kafka: /);
  });

  it("a message whose header names an internal topic is not sent: the reason and count on the job page", async () => {
    const job = await finished((await requeue("local-kafka", REFUSE_DLQ, { all: true })).id);
    expect(job).toMatchObject({ done: 1, failed: 1 });
    // The reason names the kind of refusal, not the header's target (a masking rule may hide the header).
    expect(job.failures).toEqual([{ reason: expect.stringContaining("refused: reserved"), count: 1 }]);
    expect(JSON.stringify(job.failures)).not.toContain("__consumer_offsets");
    const { page } = session;
    await page.goto(`/jobs/${job.id}`);
    await waitForPage(page);
    // Some sent, some refused: succeeded, and said to be partly failed.
    await expect.poll(async () => (await page.getByTestId("job-status-text").innerText()).trim(), { timeout: 30_000 }).toBe("partly failed: 1 of 2 messages not sent");
    const failures = page.getByTestId("job-failures");
    await expect.poll(async () => (await failures.innerText()).trim(), { timeout: 30_000 }).toContain(`1 message: ${job.failures![0]!.reason}`);
    await screenshot(page, "41-job-failures");
  });

  it("a requeue whose broker goes away: 'paused: broker unavailable since <time> (<reason>)', then cancelled", async () => {
    // One message a second: the job is still running when the proxy is cut.
    const created = await requeue(PROXIED_CLUSTER, DLQ_STREAM, { all: true, ratePerSec: 1 });
    await eventually("the job to send its first messages", async () => (await getJob(created.id)).done >= 1, 60_000);
    await proxy.cut();

    const { page } = session;
    const text = await jobPageStatus(page, created.id, /^paused: broker unavailable since /);
    expect(text).toMatch(/^paused: broker unavailable since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(.+\)$/);
    const job = await getJob(created.id);
    expect(job.state).toBe("running");
    expect(text).toContain(job.pausedReason!.replace(/^broker unavailable:\s*/, ""));
    await expect.poll(async () => page.getByTestId("job-state").getAttribute("data-paused")).toBe("true");
    await screenshot(page, "42-job-paused");

    // Issue 12 item 10: the sentence follows the UTC/local switch like every other time on the page.
    await page.getByTestId("time-zone-switch").selectOption("local");
    const local = await eventually("the paused sentence in the browser's zone", async () => {
      const shown = (await page.getByTestId("job-status-text").innerText()).trim();
      return shown.includes("+05:30") ? shown : undefined;
    }, 30_000, 250);
    expect(local).toMatch(/^paused: broker unavailable since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+05:30 \(.+\)$/);
    // The same instant: UTC 21:40:05 is 03:10:05 +05:30 the next day.
    const instant = (text: string) => Date.parse(text.replace(/^paused: broker unavailable since (\S+) (\S+) (\S+) .*$/, (_m, day, time, zone) => `${day}T${time}${zone === "UTC" ? "Z" : zone}`));
    expect(instant(local)).toBe(instant(text));
    // The jobs list says it the same way.
    await page.goto("/jobs");
    await waitForPage(page, "Jobs");
    const row = page.locator("tr", { has: page.locator(`a[href="/jobs/${created.id}"]`) });
    await expect.poll(async () => (await row.getByTestId("job-row-trouble").innerText()).trim(), { timeout: 30_000 }).toMatch(/^paused: broker unavailable since \S+ \S+ \+05:30/);
    await page.getByTestId("time-zone-switch").selectOption("utc");
    await page.goto(`/jobs/${created.id}`);
    await waitForPage(page);

    // A paused job can still be cancelled; the sentence goes with the pause.
    expect((await api("POST", `/jobs/${created.id}/cancel`)).status).toBeLessThan(300);
    expect((await finished(created.id)).state).toBe("cancelled");
    await expect.poll(async () => page.getByTestId("job-status-text").count(), { timeout: 30_000 }).toBe(0);
  });
});
