import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, NATS_SERVERS, createTopic, testKafka, uniqueName } from "../support/brokers";
import { callAsAdmin as call } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// GET /api/v1/clusters/{cluster}/info (the cluster page, issue 12 item 8) against the real Kafka and
// NATS: nodes, version, controller, listeners, counts and the settings that matter.
const { cleanup } = useTempConsoleEnv("eventscope-cluster-info-", {
  clusters: [
    { id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS },
    { id: "local-nats", name: "Local NATS", kind: "nats", servers: NATS_SERVERS },
    { id: "gone-kafka", name: "Gone", kind: "kafka", brokers: ["127.0.0.1:1"] },
  ],
});

const topic = uniqueName("it-info");
let kafka: Kafka;
let route: typeof import("@/app/api/v1/clusters/[cluster]/info/route");

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, 3);
  route = await import("@/app/api/v1/clusters/[cluster]/info/route");
}, 60_000);

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

const info = (cluster: string) => call(route.GET, `/api/v1/clusters/${cluster}/info`, { cluster });

describe("GET /clusters/{cluster}/info", () => {
  it("describes Kafka: brokers, controller, version, listeners, counts and broker defaults", async () => {
    const { status, body } = await info("local-kafka");
    expect(status).toBe(200);
    const described = body.info;
    expect(described.kind).toBe("kafka");
    expect(described.clusterId).toMatch(/\S/);
    expect(described.nodes.length).toBeGreaterThanOrEqual(1);
    expect(described.nodes.filter((node: { isController: boolean }) => node.isController)).toHaveLength(1);
    expect(described.controller).toBe(described.nodes.find((node: { isController: boolean }) => node.isController).id);
    expect(described.version).toMatch(/^Kafka \d+\.\d+$/);
    expect(described.versionDetail).toMatch(/^metadata\.version \d\.\d-IV\d \(level \d+\)$/);
    expect(described.listeners.map((listener: { name: string }) => listener.name)).toContain("listeners");
    expect(described.topics).toBeGreaterThanOrEqual(1);
    expect(described.partitions).toBeGreaterThanOrEqual(described.topics + 2);
    const settings = new Map(described.settings.map((setting: { name: string; value: string }) => [setting.name, setting]));
    expect(settings.get("auto.create.topics.enable")).toMatchObject({ value: expect.stringMatching(/^(true|false)$/) });
    expect(settings.get("log.retention.hours")).toMatchObject({ value: expect.stringMatching(/^\d+$/) });
    expect(settings.has("num.partitions")).toBe(true);
  });

  it("describes NATS: the server, its version, the account's limits and usage", async () => {
    const { status, body } = await info("local-nats");
    expect(status).toBe(200);
    const described = body.info;
    expect(described.kind).toBe("nats");
    expect(described.version).toMatch(/^nats-server \d+\.\d+\.\d+/);
    expect(described.nodes).toHaveLength(1);
    expect(described.nodes[0].port).toBe(4222);
    expect(described.controller).toBeNull();
    expect(described.topics).toBe(described.partitions);
    const names = described.settings.map((setting: { name: string }) => setting.name);
    expect(names).toEqual(expect.arrayContaining(["storage", "max_storage", "streams", "max_streams", "consumers", "max_consumers"]));
    const streams = described.settings.find((setting: { name: string }) => setting.name === "streams");
    expect(Number(streams.value)).toBe(described.topics);
  });

  it("answers 404 for an unknown cluster and 503 for one that is down", async () => {
    expect((await info("no-such-cluster")).status).toBe(404);
    const down = await info("gone-kafka");
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe("broker-unavailable");
  }, 60_000);
});
