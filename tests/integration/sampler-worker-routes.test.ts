import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { TEST_ADMIN_TOKEN } from "../support/auth";
import { KAFKA_BROKERS, testKafka, uniqueName, waitFor } from "../support/brokers";
import { deleteTopics, seedTopicWithGroup } from "../support/kafka-seed";
import { call } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";

// EVENTSCOPE_SAMPLER_WORKER=on, through the routes: the samplers the server starts run in the worker
// thread, and what the routes answer comes from its mirror (lists, /api/metrics) or from a question
// to it (a group's detail with its partitions, history).
const { cleanup } = useTempConsoleEnv("eventscope-worker-routes-", { clusters: [{ id: "wr-kafka", name: "Kafka", kind: "kafka", brokers: KAFKA_BROKERS, samplingIntervalMs: 1000 }] });
process.env.EVENTSCOPE_SAMPLER_WORKER = "on";
const topic = uniqueName("it-wr");
const group = uniqueName("it-wr-group");
const auth = { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } };
let kafka: Kafka;
let samplers: typeof import("@/lib/metrics/samplers");

beforeAll(async () => {
  kafka = testKafka();
  // 10 per partition, committed at 4 and 7: lag 6 and 3.
  await seedTopicWithGroup(kafka, { topic, group, perPartition: 10, committed: [4, 7] });
  samplers = await import("@/lib/metrics/samplers");
  await samplers.syncSamplers();
}, 120_000);

afterAll(async () => {
  samplers?.stopSamplers();
  await deleteTopics(kafka, [topic], [group]);
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("the routes with the sampler in its worker thread", () => {
  it("sample in the worker, and answer the group list, its detail with partitions, history and /api/metrics", async () => {
    expect(await samplers.samplerWorkerHost()).toBeDefined();
    await waitFor(async () => (samplers.getSampler("wr-kafka")?.cycles ?? 0) >= 2, 60_000, "two sampling cycles");
    const mirror = samplers.getSampler("wr-kafka")!;
    expect("book" in mirror).toBe(false); // a mirror of the worker's cycles, not a sampler of this thread

    const list = await import("@/app/api/v1/clusters/[cluster]/consumers/route");
    const listed = await call(list.GET, `/api/v1/clusters/wr-kafka/consumers?q=${group}`, { cluster: "wr-kafka" }, auth);
    expect(listed.response.status).toBe(200);
    expect((listed.body as { consumers: { group: string; lag: number; status: string }[] }).consumers.find((c) => c.group === group)).toMatchObject({ lag: 9 });

    const detailRoute = await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/route");
    const detail = await call(detailRoute.GET, `/api/v1/clusters/wr-kafka/consumers/${group}`, { cluster: "wr-kafka", group }, auth);
    expect(detail.response.status).toBe(200);
    const body = detail.body as { lag: number; partitions: { partition: number; committed: number; lag: number; status: string; statusReason: string }[] };
    expect(body.lag).toBe(9);
    expect(body.partitions.map((p) => [p.partition, p.committed, p.lag])).toEqual([
      [0, 4, 6],
      [1, 7, 3],
    ]);
    // Sampled figures per partition, asked of the worker (the mirror holds none).
    expect(body.partitions.every((p) => p.statusReason !== "not sampled yet")).toBe(true);

    const historyRoute = await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/history/route");
    const history = await call(historyRoute.GET, `/api/v1/clusters/wr-kafka/consumers/${group}/history?window=5m`, { cluster: "wr-kafka", group }, auth);
    expect(history.response.status).toBe(200);
    const lagHistory = history.body as { points: { lag: number | null }[]; partitions: { partition: number; points: unknown[] }[] };
    expect(lagHistory.points.at(-1)?.lag).toBe(9);
    expect(lagHistory.partitions.map((p) => p.partition)).toEqual([0, 1]);

    const metrics = await import("@/app/api/metrics/route");
    const scrape = await call(metrics.GET, "/api/metrics", {}, auth);
    expect(scrape.response.status).toBe(200);
    expect(String(scrape.body)).toContain(`kafka_consumergroup_group_lag{cluster_name="wr-kafka",group="${group}",topic="${topic}",partition="0"} 6`);
    expect(String(scrape.body)).toMatch(/eventscope_heap_bytes\{thread="sampler",kind="used"\} \d+/);
  }, 120_000);
});
