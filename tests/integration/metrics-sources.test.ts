import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Kafka } from "kafkajs";
import { TEST_ADMIN_TOKEN } from "../support/auth";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName, waitFor } from "../support/brokers";
import { call } from "../support/routes";
import type { MetricsSourceDetail, MetricsSourcesResponse } from "@/lib/metrics-sources/types";

// Metrics sources end to end: a real HTTP server serving Prometheus exposition text whose counters
// grow between scrapes, read through GET /api/v1/metrics-sources, beside endpoints that refuse, hang,
// answer too much, answer garbage or redirect: each of those is stale with its reason, and the good
// one is unaffected. A real Kafka cluster gives the type its topic (named after the type) and the
// topic's DLQ.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-msrc-"));
process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
process.env.EVENTSCOPE_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
process.env.EVENTSCOPE_CONFIG = path.join(dir, "eventscope.config.json");

const topic = uniqueName("msrc-order");
const dlq = `${topic}.dlq`;
let scrapes = 0;
const hung: http.ServerResponse[] = [];

// Each scrape of /metrics: 10 more successes and 1 more failure of `topic` (the type is named like
// the topic), and a fixed count of a mapped type, with HELP/TYPE, escapes and a timestamp around.
const server = http.createServer((request, response) => {
  if (request.url === "/metrics") {
    scrapes++;
    response.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    response.end(
      [
        "# HELP event_processed_total Events processed by type and outcome.",
        "# TYPE event_processed_total counter",
        `event_processed_total{type="${topic}",status="success"} ${scrapes * 10}`,
        `event_processed_total{type="${topic}",status="failure"} ${scrapes} 1733540000000`,
        'event_processed_total{type="order_paid",status="success"} 5',
        'event_processed_total{type="weird \\"quoted\\"",status="success"} NaN',
        "",
      ].join("\n"),
    );
  } else if (request.url === "/hang") {
    hung.push(response); // never answers
  } else if (request.url === "/huge") {
    response.writeHead(200, { "content-type": "text/plain" });
    const line = `${"#".repeat(1023)}\n`.repeat(1024); // 1 MiB of comments, 5 times
    let sent = 0;
    const more = () => {
      while (sent < 5 && response.write(line)) sent++;
      if (sent >= 5) response.end();
      else response.once("drain", () => (sent++, more()));
    };
    more();
  } else if (request.url === "/garbage") {
    response.writeHead(200, { "content-type": "text/plain" });
    response.end('event_processed_total{type=unquoted,status="success"} 1\n');
  } else if (request.url === "/redirect") {
    response.writeHead(302, { location: "http://127.0.0.1:1/metrics" });
    response.end();
  } else {
    response.writeHead(404);
    response.end();
  }
});

let kafka: Kafka;
let samplers: typeof import("@/lib/metrics/samplers");
let registry: typeof import("@/lib/metrics-sources/registry");
let listRoute: typeof import("@/app/api/v1/metrics-sources/route");
let sourceRoute: typeof import("@/app/api/v1/metrics-sources/[source]/route");
const auth = { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } };

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port nothing listens on: taken, then closed (port 1 would be refused by fetch itself as a "bad port").
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  kafka = testKafka();
  await createTopic(kafka, topic, 1);
  await createTopic(kafka, dlq, 1);
  fs.writeFileSync(
    process.env.EVENTSCOPE_CONFIG!,
    JSON.stringify({
      clusters: [{ id: "msrc-kafka", name: "Kafka", kind: "kafka", brokers: KAFKA_BROKERS, samplingIntervalMs: 1000 }],
      metrics: [
        { id: "good", url: `${base}/metrics`, counter: "event_processed_total", cluster: "msrc-kafka", topics: { order_paid: "payments" }, samplingIntervalMs: 1000 },
        { id: "refused", url: `http://127.0.0.1:${closedPort}/metrics`, samplingIntervalMs: 1000 },
        { id: "hangs", url: `${base}/hang`, samplingIntervalMs: 1000, timeoutMs: 300 },
        // A generous timeout: 5 MiB on a loaded machine takes a while, and the size limit must be what stops it.
        { id: "huge", url: `${base}/huge`, samplingIntervalMs: 30_000, timeoutMs: 20_000 },
        { id: "garbage", url: `${base}/garbage`, samplingIntervalMs: 1000 },
        { id: "redirects", url: `${base}/redirect`, samplingIntervalMs: 1000 },
      ],
    }),
  );
  samplers = await import("@/lib/metrics/samplers");
  registry = await import("@/lib/metrics-sources/registry");
  listRoute = await import("@/app/api/v1/metrics-sources/route");
  sourceRoute = await import("@/app/api/v1/metrics-sources/[source]/route");
  await samplers.syncSamplers();
  registry.syncMetricsSources();
}, 120_000);

afterAll(async () => {
  registry?.stopMetricsSources();
  samplers?.stopSamplers();
  for (const response of hung) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic, dlq] }).catch(() => undefined);
  await admin.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function list(): Promise<MetricsSourcesResponse> {
  const { status, body } = await call(listRoute.GET, "/api/v1/metrics-sources", {}, auth);
  expect(status).toBe(200);
  return body as MetricsSourcesResponse;
}

describe("GET /api/v1/metrics-sources", () => {
  it("shows success and failure rates and the failure ratio per type, with the topic and its DLQ", async () => {
    await waitFor(async () => (samplers.getSampler("msrc-kafka")?.cycles ?? 0) >= 1, 60_000, "a Kafka sampling cycle");
    const good = await waitFor(
      async () => {
        const source = (await list()).sources.find((candidate) => candidate.id === "good");
        const type = source?.byType.find((candidate) => candidate.type === topic);
        return type && type.success !== null && type.dlqTopics?.length ? source : undefined;
      },
      60_000,
      "two scrapes of the good source",
    );
    expect(good.status).toBe("ok");
    expect(good.scrapedAt).toEqual(expect.any(String));
    const type = good.byType.find((candidate) => candidate.type === topic)!;
    // 10 successes and 1 failure per scrape: the ratio is exact whatever the timing.
    expect(type.failureRatio).toBeCloseTo(1 / 11, 5);
    expect(type.success! / type.failure!).toBeCloseTo(10, 5);
    expect(type.success).toBeGreaterThan(0);
    expect(type).toMatchObject({ cluster: "msrc-kafka", topic, topicFrom: "convention", dlqTopics: [dlq] });
    expect(type.successTotal).toBeGreaterThanOrEqual(20);
    // The mapped type: its topic from the config; a constant counter is a rate of 0 and no ratio.
    expect(good.byType.find((candidate) => candidate.type === "order_paid")).toMatchObject({ topic: "payments", topicFrom: "config", success: 0, failureRatio: null });
    // NaN is left out and said.
    expect(good.byType.some((candidate) => candidate.type.includes("quoted"))).toBe(false);
    expect(good.skipped?.notFinite).toBe(1);
  });

  it("marks each broken endpoint stale with its reason, the rest unaffected", async () => {
    const sources = await waitFor(
      async () => {
        const answer = await list();
        const broken = answer.sources.filter((source) => source.id !== "good");
        return broken.every((source) => source.status === "stale") ? answer.sources : undefined;
      },
      30_000,
      "every broken source stale",
    );
    const byId = new Map(sources.map((source) => [source.id, source]));
    expect(byId.get("good")?.status).toBe("ok");
    expect(byId.get("refused")?.error).toMatch(/ECONNREFUSED/);
    expect(byId.get("hangs")?.error).toMatch(/no complete answer within 300 ms/);
    expect(byId.get("huge")?.error).toMatch(/over the 4194304-byte limit/);
    expect(byId.get("garbage")?.error).toMatch(/not the Prometheus text format/);
    expect(byId.get("redirects")?.error).toMatch(/HTTP 302: redirects are not followed/);
    for (const id of ["refused", "hangs", "huge", "garbage", "redirects"]) expect(byId.get(id)?.byType).toEqual([]);
  });

  it("answers one source with its history, and 404 for an unknown one", async () => {
    const { status, body } = await call(sourceRoute.GET, "/api/v1/metrics-sources/good", { source: "good" }, auth);
    expect(status).toBe(200);
    const detail = body as MetricsSourceDetail;
    const history = detail.history.find((entry) => entry.type === topic);
    expect(history?.points.length).toBeGreaterThan(0);
    expect(history?.points.at(-1)?.failureRatio).toBeCloseTo(1 / 11, 5);
    const missing = await call(sourceRoute.GET, "/api/v1/metrics-sources/nope", { source: "nope" }, auth);
    expect(missing.status).toBe(404);
    expect((await call(listRoute.GET, "/api/v1/metrics-sources", {})).status).toBe(401);
  });

  it("puts the type's outcome beside an event's trace, said to be aggregate", async () => {
    const eventId = uniqueName("msrc-event");
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: eventId, value: JSON.stringify({ id: eventId, type: topic }) }] });
    await producer.disconnect();
    const { traceEvent } = await import("@/lib/trace/trace-event");
    const result = await traceEvent(eventId, { cluster: "msrc-kafka", topic, budgetMs: 20_000 });
    expect(result.hits.some((hit) => hit.where === "topic" && hit.topic === topic)).toBe(true);
    expect(result.processing).toEqual([
      expect.objectContaining({ source: "good", type: topic, cluster: "msrc-kafka", topic, status: "ok", failureRatio: expect.closeTo(1 / 11, 5) }),
    ]);
  });

  it("refuses a config with a URL that is not http(s)", async () => {
    const { parseConfig } = await import("@/lib/config/load-config");
    expect(() => parseConfig(JSON.stringify({ metrics: [{ id: "x", url: "file:///etc/passwd" }] }), "test")).toThrow(/metrics\[0\]\.url: metrics URL must be http/);
    expect(() => parseConfig(JSON.stringify({ metrics: [{ id: "x", url: "http://h/m" }, { id: "x", url: "http://h/n" }] }), "test")).toThrow(/duplicate metrics source id/);
  });
});
