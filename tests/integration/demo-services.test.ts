import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { KAFKA_BROKERS, NATS_SERVERS } from "../support/brokers";
import { parseOrderCreated, poisonOrderCreated, orderCreated, encode, PoisonError } from "@/scripts/demo/events";
import { demoReport, type DemoReport } from "@/scripts/demo/verify";
import { RABBIT_TOPOLOGY } from "@/scripts/demo/rabbitmq-flow";
import { connect } from "amqplib";
import { RABBITMQ_URL } from "../support/rabbitmq";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseOutcomes } from "@/lib/metrics-sources/parse-outcomes";

// `npm run demo` in its CI form (services only, stops by itself) against the real brokers, then what it
// must have left behind: DLQ messages with the x-original-* headers on Kafka and JetStream, advisories,
// idempotency records in Redis, and a billing-slow backlog that grew. Measured as deltas: the demo
// topics are shared and keep what earlier runs wrote.

const ROOT = path.resolve(__dirname, "../..");
const RUN_SECONDS = 20;

function runDemo(env: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; output: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["scripts/demo.sh"], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      detached: true, // own process group, so a timeout can kill the whole tree
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone already
      }
      reject(new Error(`demo did not stop within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output, child });
    });
  });
}

describe("demo event validation", () => {
  it("names the broken part of a poison message", () => {
    const errors = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const o = poisonOrderCreated(String(1000 + i));
      try {
        parseOrderCreated(Buffer.from(o.value));
        throw new Error(`poison message ${o.value} was accepted`);
      } catch (error) {
        expect(error).toBeInstanceOf(PoisonError);
        errors.add((error as Error).message.replace(/^invalid JSON: .*/, "invalid JSON"));
      }
    }
    expect([...errors].sort()).toEqual(
      [
        "invalid JSON",
        "invalid field: data.amount (expected number)",
        "missing field: data.items",
        "missing field: data.order_id",
        "missing field: id",
      ].sort(),
    );
    const good = encode(orderCreated("1001"));
    expect(parseOrderCreated(Buffer.from(good.value)).data.order_id).toBe("1001");
  });
});

describe("npm run demo (DEMO_NO_CONSOLE=1, DEMO_DURATION_SECONDS)", () => {
  let before: DemoReport;
  let after: DemoReport;
  let run: { code: number | null; output: string };
  let rabbitDlqBefore = 0;
  // The inventory services' /metrics, scraped while the demo runs (the last answer of each).
  let metricsPort = 0;
  const expositions: { kafka?: string; jetstream?: string } = {};

  afterAll(() => {
    if (run && run.code !== 0) console.log(run.output);
  });

  it(
    "runs the services against the real brokers and stops by itself",
    async () => {
      process.env.KAFKA_BROKERS = KAFKA_BROKERS.join(",");
      process.env.NATS_URL = NATS_SERVERS.join(",");
      // The topology may not exist yet: the report needs it, so let the demo create it first when missing.
      before = await demoReport(50).catch(() => emptyReport());
      rabbitDlqBefore = await rabbitQueueDepth(RABBIT_TOPOLOGY.inventoryDlq);
      metricsPort = await freePort();
      const scraping = setInterval(() => {
        for (const [which, port] of [["kafka", metricsPort], ["jetstream", metricsPort + 1]] as const) {
          fetch(`http://127.0.0.1:${port}/metrics`).then(
            async (response) => void (response.ok && (expositions[which] = await response.text())),
            () => undefined,
          );
        }
      }, 1000);
      run = await runDemo(
        {
          DEMO_NO_CONSOLE: "1",
          DEMO_SKIP_BROKERS: "1", // npm test (scripts/test.sh) has brought them up already
          DEMO_DURATION_SECONDS: String(RUN_SECONDS),
          DEMO_RATE: "20",
          DEMO_POISON_RATE: "0.1",
          DEMO_ANALYTICS_AFTER_SECONDS: "5",
          DEMO_LOG_EVERY_SECONDS: "5",
          KAFKA_BROKERS: KAFKA_BROKERS.join(","),
          NATS_URL: NATS_SERVERS.join(","),
          DEMO_METRICS_PORT: String(metricsPort),
        },
        120_000,
      ).finally(() => clearInterval(scraping));
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain("[services final");
      expect(run.output).toContain("[demo] services finished");
      after = await demoReport(50);
    },
    180_000,
  );

  it("dead-letters poison messages to orders.created.dlq with the x-original-* headers", () => {
    expect(after.kafka.dlq.messages).toBeGreaterThan(before.kafka.dlq.messages);
    expect(after.kafka.dlq.sampled).toBeGreaterThan(0);
    expect(after.kafka.dlq.withAllHeaders).toBe(after.kafka.dlq.sampled);
    expect(after.kafka.dlq.sample?.["x-original-topic"]).toBe("orders.created");
    expect(after.kafka.dlq.sample?.["x-attempts"]).toBe("3");
    expect(Object.keys(after.kafka.dlq.errors).some((e) => e === "invalid JSON" || e.startsWith("missing field: "))).toBe(true);
  });

  it("dead-letters on JetStream too: DLQ stream, MSG_TERMINATED and MAX_DELIVERIES advisories", () => {
    expect(after.nats.dlq.messages).toBeGreaterThan(before.nats.dlq.messages);
    expect(after.nats.dlq.withAllHeaders).toBe(after.nats.dlq.sampled);
    expect(after.nats.dlq.sample?.["x-original-topic"]).toBe("ORDERS");
    expect(after.nats.dlq.sample?.subject).toBe("dlq.orders.created");
    expect(after.nats.advisories.terminated + after.nats.advisories.maxDeliveries).toBeGreaterThan(
      before.nats.advisories.terminated + before.nats.advisories.maxDeliveries,
    );
  });

  it("runs the RabbitMQ flow: poison orders rejected by the inventory consumer land in the DLX queue with x-death", async () => {
    expect(run.output).toMatch(/rmq produced=[1-9]/);
    expect(await rabbitQueueDepth(RABBIT_TOPOLOGY.inventoryDlq)).toBeGreaterThan(rabbitDlqBefore);
    const model = await connect(RABBITMQ_URL);
    try {
      const channel = await model.createChannel();
      const message = await channel.get(RABBIT_TOPOLOGY.inventoryDlq, { noAck: false });
      expect(message).not.toBe(false);
      if (message) {
        channel.nack(message, false, true); // put back: the DLQ is the demo's to keep
        expect(message.properties.headers?.["x-first-death-queue"]).toBe(RABBIT_TOPOLOGY.inventoryQueue);
        expect(message.properties.headers?.["x-first-death-reason"]).toBe("rejected");
        expect(message.properties.headers?.["x-first-death-exchange"]).toBe(RABBIT_TOPOLOGY.ordersExchange);
      }
      await channel.close();
    } finally {
      await model.close();
    }
  });

  it("exposes event_processed_total{type, status} on /metrics, counted as the inventory services process and fail, and lists the endpoints in the console's config", () => {
    for (const which of ["kafka", "jetstream"] as const) {
      expect(expositions[which], `${which} /metrics answered`).toBeDefined();
      const outcomes = parseOutcomes(expositions[which]!).byType.get("order.created");
      // 20 events/s, a tenth of them poison: both outcomes are counted for real.
      expect(outcomes?.success, which).toBeGreaterThan(0);
      expect(outcomes?.failure, which).toBeGreaterThan(0);
    }
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, ".data/demo/eventscope.config.json"), "utf8"));
    expect(config.metrics).toEqual([
      expect.objectContaining({ id: "inventory-kafka", url: `http://127.0.0.1:${metricsPort}/metrics`, cluster: "local-kafka" }),
      expect.objectContaining({ id: "inventory-jetstream", url: `http://127.0.0.1:${metricsPort + 1}/metrics`, cluster: "local-nats" }),
    ]);
  });

  it("records processed ids in Redis with a one-hour TTL", () => {
    expect(after.redis.processedKeys).toBeGreaterThan(0);
    expect(after.redis.sample?.key).toMatch(/^processed:/);
    expect(after.redis.sample?.ttlSeconds).toBeGreaterThan(0);
    expect(after.redis.sample?.ttlSeconds).toBeLessThanOrEqual(3600);
    expect(JSON.parse(after.redis.sample!.value)).toMatchObject({ consumer: expect.any(String), processedAt: expect.any(String) });
  });

  it("lets the billing-slow backlog grow while inventory keeps up", () => {
    // 20 events/s in, about 1/s out, for 20 s.
    expect(after.kafka.groups["billing-slow"]!.lag - before.kafka.groups["billing-slow"]!.lag).toBeGreaterThan(100);
    expect(after.nats.consumers["billing-slow"]!.lag - before.nats.consumers["billing-slow"]!.lag).toBeGreaterThan(100);
    expect(after.kafka.groups["inventory-service"]!.lag).toBeLessThan(100);
    expect(after.kafka.groups["analytics"]!.committedPartitions).toBeGreaterThan(0);
  });
});

/** A port nothing listens on now (the demo's second endpoint takes the next one). */
async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Messages in a queue now (AMQP queue.declare passive: exact, unlike the management API's 5 s statistics); 0 when it does not exist yet. */
async function rabbitQueueDepth(queue: string): Promise<number> {
  const model = await connect(RABBITMQ_URL);
  try {
    const channel = await model.createChannel();
    channel.on("error", () => undefined);
    return await channel.checkQueue(queue).then((reply) => reply.messageCount, () => 0);
  } finally {
    await model.close().catch(() => undefined);
  }
}

function emptyReport(): DemoReport {
  const group = { lag: 0, committedPartitions: 0, partitions: 0 };
  const consumer = { numPending: 0, numAckPending: 0, lag: 0, ackFloor: 0 };
  return {
    kafka: {
      dlq: { messages: 0, sampled: 0, withAllHeaders: 0, errors: {} },
      topics: {},
      groups: { "inventory-service": group, "billing-slow": group, analytics: group },
    },
    nats: {
      dlq: { messages: 0, sampled: 0, withAllHeaders: 0, errors: {} },
      advisories: { maxDeliveries: 0, terminated: 0 },
      ordersMessages: 0,
      consumers: { inventory: consumer, "billing-slow": consumer, analytics: consumer },
    },
    redis: { processedKeys: 0 },
  };
}
