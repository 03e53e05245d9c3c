import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { RedisStreamsConnector } from "@/lib/brokers/redis-streams/redis-streams-connector";
import { LiveBus } from "@/lib/metrics/live-bus";
import { ClusterSampler } from "@/lib/metrics/sampler";
import { renderMetrics } from "@/lib/metrics/prometheus";
import { waitFor } from "../support/brokers";

// The console's one sampler over a redis-streams cluster against the real Redis: entries added per
// second as the stream's rate, a consuming group OK, and once its consumer stops: ERR with lag and lag
// in seconds growing with wall time. Keys carry this run's prefix and are deleted at the end.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `it-rssampler-${randomUUID().slice(0, 8)}-`;
const stream = `${prefix}orders`;
const group = `${stream}.billing`;
const RATE = 40;

const config = { id: "it-rs-sampler", name: "IT", kind: "redis-streams" as const, url: REDIS_URL, pattern: `${prefix}*`, samplingIntervalMs: 1000 };
const connector = new RedisStreamsConnector(config);
const bus = new LiveBus();
const sampler = new ClusterSampler(config, bus, { connector: () => connector, onSuccess: () => {}, onFailure: () => {} });
let redis: Redis;
let producing = true;
let consuming = true;

async function produceSteadily() {
  let sent = 0;
  const started = Date.now();
  while (producing) {
    const due = Math.floor(((Date.now() - started) / 1000) * RATE) - sent;
    if (due > 0) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < due; i++) pipeline.xadd(stream, "*", "order", String(sent + i));
      await pipeline.exec();
      sent += due;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function consumeSteadily(client: Redis) {
  while (consuming) {
    const reply = (await client.xreadgroup("GROUP", "billing", "worker", "COUNT", 100, "BLOCK", 200, "STREAMS", stream, ">")) as [string, [string, string[]][]][] | null;
    const ids = reply?.[0]?.[1].map(([id]) => id) ?? [];
    if (ids.length) await client.xack(stream, "billing", ...ids);
  }
}

let consumerClient: Redis;
beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  consumerClient = new Redis(REDIS_URL);
  await redis.xgroup("CREATE", stream, "billing", "$", "MKSTREAM");
  void produceSteadily();
  void consumeSteadily(consumerClient);
  sampler.start();
});

afterAll(async () => {
  producing = false;
  consuming = false;
  sampler.stop();
  await new Promise((resolve) => setTimeout(resolve, 300));
  await redis.del(stream);
  consumerClient.disconnect();
  redis.disconnect();
  await connector.close();
});

describe("the sampler over Redis Streams", () => {
  it("measures entries added per second and keeps a consuming group OK", async () => {
    await waitFor(async () => sampler.cycles >= 8, 40_000, "eight sampling cycles");
    const rate = sampler.latest!.topics.get(stream)!.msgsPerSec!;
    expect(rate).toBeGreaterThan(RATE * 0.85);
    expect(rate).toBeLessThan(RATE * 1.15);
    const healthy = await waitFor(async () => {
      const figures = sampler.latest?.groups.get(group);
      return figures && figures.status === "OK" ? figures : undefined;
    }, 30_000, "the group to be OK");
    expect(healthy.lag).toBeLessThan(RATE * 2);
    // Prometheus: the group's lag under the kind's prefix, labelled with <stream>.<group>.
    const text = renderMetrics([{ id: config.id, kind: config.kind, figures: sampler.latest, up: true }]);
    expect(text).toMatch(new RegExp(`redis_streams_\\w*lag\\w*\\{[^}]*${group.replace(/[.-]/g, "\\$&")}`));
  });

  it("sees the group ERR once its consumer stops, with lag and lag seconds growing", async () => {
    consuming = false;
    const stuck = await waitFor(async () => {
      const figures = sampler.latest?.groups.get(group);
      return figures && figures.status === "ERR" ? figures : undefined;
    }, 60_000, "the group to become ERR");
    expect(stuck.reason.length).toBeGreaterThan(0);
    const before = stuck.lagSeconds!;
    const cyclesBefore = sampler.cycles;
    await waitFor(async () => sampler.cycles >= cyclesBefore + 3, 20_000, "three more cycles");
    const after = sampler.latest!.groups.get(group)!;
    expect(after.lagSeconds!).toBeGreaterThan(before + 1.5);
    expect(after.lag).toBeGreaterThan(stuck.lag);
  });
});
