import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KAFKA_BROKERS, testKafka, uniqueName, waitFor } from "../support/brokers";
import { seedTopicWithGroup } from "../support/kafka-seed";
import { call } from "../support/routes";
import { useTempConsoleEnv } from "../support/console-env";

// Issue 12 item 1: after a restart, windows up to an hour (read from memory) start with the stored
// minute points from before the restart, instead of beginning at the restart.
const { cleanup } = useTempConsoleEnv("eventscope-history-restart-", { clusters: [{ id: "hr", name: "K", kind: "kafka", brokers: KAFKA_BROKERS, samplingIntervalMs: 1000 }] });
const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };
const topic = uniqueName("it-history-restart");
const group = uniqueName("it-history-restart-group");

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

describe("the last hour after a restart", () => {
  it("continues the cluster, topic and group series from the stored minutes", async () => {
    const { getDb } = await import("@/lib/db");
    const { CLUSTER_TOTAL } = await import("@/lib/metrics/history-store");
    await samplers.syncSamplers();
    const db = await getDb();
    await waitFor(async () => (await db.topicRatePoint.count({ where: { clusterId: "hr", topic: CLUSTER_TOTAL } })) > 0, 30_000, "a stored cluster point");
    await waitFor(async () => (await db.groupLagPoint.count({ where: { clusterId: "hr", group } })) > 0, 30_000, "a stored lag point");

    samplers.stopSamplers(); // as after a restart: nothing left in memory
    const restartedAt = Date.now();
    await samplers.syncSamplers();
    await waitFor(async () => (samplers.getSampler("hr")?.cycles ?? 0) >= 3, 30_000, "three cycles after the restart");

    const clusterRoute = await import("@/app/api/v1/clusters/[cluster]/history/route");
    const cluster = await call(clusterRoute.GET, "/api/v1/clusters/hr/history?window=1h", { cluster: "hr" }, { headers: auth });
    expect(cluster.status).toBe(200);
    const clusterPoints = cluster.body.points as { t: string; msgsPerSec: number | null }[];
    expect(Date.parse(clusterPoints[0].t)).toBeLessThan(restartedAt);
    expect(clusterPoints.some((point) => Date.parse(point.t) >= restartedAt)).toBe(true);
    expect(clusterPoints.filter((point) => point.msgsPerSec === null)).toEqual([]);

    const topicRoute = await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/history/route");
    const topicHistory = await call(topicRoute.GET, `/api/v1/clusters/hr/topics/${topic}/history?window=1h`, { cluster: "hr", topic }, { headers: auth });
    expect(Date.parse(topicHistory.body.points[0].t)).toBeLessThan(restartedAt);

    const groupRoute = await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/history/route");
    const groupHistory = await call(groupRoute.GET, `/api/v1/clusters/hr/consumers/${group}/history?window=1h`, { cluster: "hr", group }, { headers: auth });
    expect(groupHistory.status).toBe(200);
    expect(Date.parse(groupHistory.body.points[0].t)).toBeLessThan(restartedAt);
    expect(groupHistory.body.points[0]).toMatchObject({ lag: 6 });
    const times = (groupHistory.body.points as { t: string }[]).map((point) => Date.parse(point.t));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  }, 90_000);
});
