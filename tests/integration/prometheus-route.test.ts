import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { TEST_ADMIN_TOKEN } from "../support/auth";
import { KAFKA_BROKERS, testKafka, uniqueName, waitFor } from "../support/brokers";
import { deleteTopics, seedTopicWithGroup } from "../support/kafka-seed";
import { call } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";

// GET /api/metrics end to end: the samplers the server starts (syncSamplers, as instrumentation.ts
// does), a real Kafka with a group behind by a known amount, and a cluster that cannot be reached.
const { cleanup } = useTempConsoleEnv("eventscope-prom-", {
  clusters: [
    { id: "prom-kafka", name: "Kafka", kind: "kafka", brokers: KAFKA_BROKERS, samplingIntervalMs: 1000 },
    { id: "prom-down", name: "Nowhere", kind: "kafka", brokers: ["127.0.0.1:1"], samplingIntervalMs: 1000 },
  ],
});
const topic = uniqueName("it-prom");
const group = uniqueName("it-prom-group");
let kafka: Kafka;
let samplers: typeof import("@/lib/metrics/samplers");
let route: typeof import("@/app/api/metrics/route");

beforeAll(async () => {
  kafka = testKafka();
  // 10 per partition, committed at 4 and 7: lag 6 and 3.
  await seedTopicWithGroup(kafka, { topic, group, perPartition: 10, committed: [4, 7] });
  samplers = await import("@/lib/metrics/samplers");
  route = await import("@/app/api/metrics/route");
  await samplers.syncSamplers();
}, 120_000);

afterAll(async () => {
  samplers?.stopSamplers();
  await deleteTopics(kafka, [topic], [group]);
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("GET /api/metrics", () => {
  it("answers Prometheus text with lag per partition, and the health of every cluster's sampler", async () => {
    await waitFor(async () => (samplers.getSampler("prom-kafka")?.cycles ?? 0) >= 2, 60_000, "two sampling cycles");
    const { response, body } = await call(route.GET, "/api/metrics", {}, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = String(body);
    expect(text).toContain(`kafka_consumergroup_group_lag{cluster_name="prom-kafka",group="${group}",topic="${topic}",partition="0"} 6`);
    expect(text).toContain(`kafka_consumergroup_group_lag{cluster_name="prom-kafka",group="${group}",topic="${topic}",partition="1"} 3`);
    expect(text).toContain(`kafka_consumergroup_group_sum_lag{cluster_name="prom-kafka",group="${group}"} 9`);
    expect(text).toContain(`kafka_partition_latest_offset{cluster_name="prom-kafka",topic="${topic}",partition="0"} 10`);
    expect(text).toContain('eventscope_cluster_up{cluster_name="prom-kafka",kind="kafka"} 1');
    expect(text).toContain('eventscope_cluster_up{cluster_name="prom-down",kind="kafka"} 0');
    expect(text).toMatch(/eventscope_sampler_cycle_seconds\{cluster_name="prom-kafka"\} \d/);
    expect(text).toContain('eventscope_sampler_interval_seconds{cluster_name="prom-kafka"} 1');
  });

  it("needs credentials", async () => {
    const { response } = await call(route.GET, "/api/metrics", {});
    expect(response.status).toBe(401);
  });
});
