import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KAFKA_BROKERS, testKafka, uniqueName, waitFor } from "../support/brokers";
import { seedTopicWithGroup } from "../support/kafka-seed";
import { call } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";

// Minute points reach the database and answer long windows after a restart of the samplers.
const { cleanup } = useTempConsoleEnv("eventscope-history-", { clusters: [{ id: "h", name: "K", kind: "kafka", brokers: KAFKA_BROKERS, samplingIntervalMs: 1000 }] });
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };
const topic = uniqueName("it-history");
const group = uniqueName("it-history-group");

let samplers: typeof import("@/lib/metrics/samplers");

beforeAll(async () => {
  await seedTopicWithGroup(testKafka(), { topic, group, perPartition: 10, committed: [4] }); // lag 6
  samplers = await import("@/lib/metrics/samplers");
}, 60_000);

afterAll(async () => {
  samplers.stopSamplers();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("history in the database", () => {
  it("keeps minute points that long windows read after the samplers restart", async () => {
    const { getDb } = await import("@/lib/db");
    await samplers.syncSamplers();
    const db = await getDb();
    await waitFor(async () => (await db.groupLagPoint.count({ where: { clusterId: "h", group } })) > 0, 30_000, "a stored lag point");
    await waitFor(async () => (await db.topicRatePoint.count({ where: { clusterId: "h", topic } })) > 0, 30_000, "a stored rate point");

    samplers.stopSamplers(); // as after a restart: nothing left in memory
    await samplers.syncSamplers();
    const route = await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/history/route");
    const day = await call(route.GET, `/api/v1/clusters/h/consumers/${group}/history?window=24h`, { cluster: "h", group }, { headers: auth });
    expect(day.status).toBe(200);
    expect(day.body.resolution).toBe(60);
    expect(day.body.points[0]).toMatchObject({ lag: 6 });

    const topicRoute = await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/history/route");
    const week = await call(topicRoute.GET, `/api/v1/clusters/h/topics/${topic}/history?window=7d`, { cluster: "h", topic }, { headers: auth });
    expect(week.status).toBe(200);
    expect(week.body.points.length).toBeGreaterThan(0);
    expect(week.body.points[0].msgsPerSec).toBe(0);

    const bad = await call(topicRoute.GET, `/api/v1/clusters/h/topics/${topic}/history?window=30d`, { cluster: "h", topic }, { headers: auth });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("window");
  }, 60_000);
});
