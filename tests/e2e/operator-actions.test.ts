// Two operator actions clicked through in Chromium against the production server, each on topics of
// its own: replaying an offset range of a topic to another topic, and "requeue and clear the record"
// for a DLQ message whose event an idempotent consumer has already recorded as processed (Redis).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { Kafka, logLevel } from "kafkajs";
import type { Browser } from "playwright-core";
import {
  apiCall,
  eventually,
  KAFKA_BROKERS,
  REDIS_URL,
  screenshot,
  startSignedIn,
  stopSignedIn,
  waitForPage,
  type BrowserSession,
  type Console,
} from "./support/stack";
import { screenshotOnFailure } from "./support/failure-screenshots";

const suffix = randomUUID().slice(0, 8);
const SOURCE = `e2e-replay-${suffix}`;
const COPY = `${SOURCE}-copy`;
const ORIGINAL = `e2e-rqc-${suffix}`;
const DLQ = `${ORIGINAL}.dlq`;
const EVENT = `evt-e2e-${suffix}`;
const RECORD = `processed:${EVENT}`;

const kafka = new Kafka({ clientId: "eventscope-e2e", brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
let redis: Redis;
let app: Console;
let browser: Browser;
let session: BrowserSession;

async function finishedJob(): Promise<void> {
  const state = session.page.getByTestId("job-state").first();
  await state.waitFor();
  await eventually("the job to succeed", async () => {
    const current = await state.getAttribute("data-state");
    if (current === "failed" || current === "cancelled") throw new Error(`job ${current}`);
    return current === "succeeded";
  }, 60_000, 500);
}

beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [SOURCE, COPY, ORIGINAL, DLQ].map((topic) => ({ topic, numPartitions: topic === SOURCE ? 3 : 1, replicationFactor: 1 })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic: SOURCE, messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, key: `k-${i}`, value: JSON.stringify({ n: i }) })) });
    await producer.send({
      topic: DLQ,
      messages: [
        {
          key: "order-1",
          value: JSON.stringify({ id: EVENT, order_id: "o-1" }),
          headers: { "x-original-topic": ORIGINAL, "x-original-partition": "0", "x-original-offset": "0", "x-error": "inventory timeout", "x-attempts": "3" },
        },
      ],
    });
  } finally {
    await producer.disconnect();
  }
  // The consumer recorded the event as processed before its late failure was dead-lettered.
  redis = new Redis(REDIS_URL);
  await redis.set(RECORD, JSON.stringify({ consumer: "inventory-service" }), "EX", 3600);
  ({ app, browser, session } = await startSignedIn("actions"));
});

screenshotOnFailure(() => (session ? [session] : []));

afterAll(async () => {
  await stopSignedIn({ app, browser, sessions: [session] });
  await redis?.del(RECORD).catch(() => undefined);
  await redis?.quit().catch(() => undefined);
  const admin = kafka.admin();
  await admin.connect().catch(() => undefined);
  await admin.deleteTopics({ topics: [SOURCE, COPY, ORIGINAL, DLQ] }).catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  expect(session?.pageErrors ?? [], "uncaught errors in the pages").toEqual([]);
});

describe("operator actions in the browser", () => {
  it("replays an offset range of one partition to another topic: count first, confirm, progress, copies arrive", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/topics/${SOURCE}`);
    await waitForPage(page, SOURCE);
    await page.getByTestId("replay-open").click();
    const dialog = page.getByTestId("replay-dialog");
    await dialog.waitFor();
    await page.getByTestId("replay-partitions").fill("1");
    await page.getByTestId("replay-mode").selectOption("offset");
    await page.getByTestId("replay-from").fill("2");
    await page.getByTestId("replay-to").fill("6");
    await page.getByTestId("replay-target").fill(COPY);
    await page.getByTestId("replay-count").click();
    const count = page.getByTestId("replay-dry-run-count");
    await eventually("the replay count", async () => (await count.getAttribute("data-matched")) === "5", 30_000, 250);
    await screenshot(page, "26-replay-dialog");
    await page.getByTestId("replay-confirm").click();
    await dialog.waitFor({ state: "detached" });
    await finishedJob();
    await screenshot(page, "27-replay-succeeded");

    const copies = await eventually("the 5 copies in the target topic", async () => {
      const result = await apiCall<{ messages: { key: string | null }[] }>(app, app.adminToken, "GET", `/clusters/local-kafka/topics/${COPY}/messages?limit=50`);
      return result.status === 200 && result.body.messages.length >= 5 ? result.body.messages : undefined;
    });
    // Partition 1 holds messages 1, 4, 7, ...: offsets 2..6 are messages 7, 10, 13, 16, 19.
    expect(copies.map((message) => message.key).sort()).toEqual(["k-10", "k-13", "k-16", "k-19", "k-7"]);
  });

  it("requeues a DLQ message after clearing the idempotency record that would make it skipped", async () => {
    const { page } = session;
    await page.goto(`/clusters/local-kafka/dlq/${encodeURIComponent(DLQ)}`);
    await waitForPage(page, DLQ);
    const flag = page.getByTestId("dlq-processed-0-0");
    await eventually("the processed flag beside the message", async () => (await flag.getAttribute("data-processed")) === "yes", 30_000, 500);
    await page.getByTestId("dlq-open-0-0").click();
    await page.getByTestId("dlq-requeue-clear-one").click();
    const dialog = page.getByTestId("requeue-dialog");
    await dialog.waitFor();
    await eventually("one record to clear", async () => (await page.getByTestId("requeue-records-to-clear").getAttribute("data-count")) === "1", 30_000, 250);
    expect(await page.getByTestId("requeue-dry-run-count").getAttribute("data-matched")).toBe("1");
    await screenshot(page, "28-requeue-and-clear-dialog");
    expect(await redis.exists(RECORD)).toBe(1);
    await page.getByTestId("requeue-confirm").click();
    await dialog.waitFor({ state: "detached" });
    await finishedJob();
    expect(await redis.exists(RECORD)).toBe(0);

    const arrived = await eventually("the requeued message in the original topic", async () => {
      const result = await apiCall<{ messages: { value: string | null }[] }>(app, app.adminToken, "GET", `/clusters/local-kafka/topics/${ORIGINAL}/messages?limit=10`);
      return result.status === 200 && result.body.messages.length > 0 ? result.body.messages : undefined;
    });
    expect(arrived[0].value).toContain(EVENT);
  });
});
