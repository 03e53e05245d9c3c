import { afterAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { RedisStreamsDemo } from "@/scripts/demo/redis-streams-service";
import { redisStreamsStats } from "@/scripts/demo/stats";
import { waitFor } from "../support/brokers";

// The demo's Redis Streams flow against the real Redis, sped up: a producer with poison entries, a
// worker that crashes holding entries (pending until reclaimed), and the janitor that moves entries
// delivered maxAttempts (3) times to <stream>:dlq with where they came from; only poison gets there (a
// healthy entry a crash left behind is delivered twice at most: once to worker-2, once on reclaim).
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const stream = `it-demo-rs-${randomUUID().slice(0, 8)}-orders`;
const redis = new Redis(REDIS_URL);
const demo = new RedisStreamsDemo(REDIS_URL, { rate: 20, poisonRate: 0.3, maxAttempts: 3 }, () => undefined, {
  stream,
  group: "fulfilment",
  reclaimIdleMs: 400,
  crashEveryMs: 1_500,
  janitorEveryMs: 500,
});

afterAll(async () => {
  await demo.stop();
  await redis.del(stream, `${stream}:dlq`);
  redis.disconnect();
});

describe("the demo's Redis Streams flow", () => {
  it("leaves a crashed worker's entries pending and dead-letters poison entries only", async () => {
    await demo.start();
    // worker-2 "crashed" holding entries, and worker-1 took them over once they were idle.
    await waitFor(async () => (redisStreamsStats.get("crashLeft") > 0 && redisStreamsStats.get("reclaimed") > 0) || undefined, 30_000, "a crash and a reclaim");
    await waitFor(async () => (await redis.xlen(`${stream}:dlq`)) >= 5 || undefined, 30_000, "five dead-lettered entries");
    const dead = await redis.xrange(`${stream}:dlq`, "-", "+");
    for (const [, fields] of dead) {
      const f = Object.fromEntries(Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i], fields[2 * i + 1]]));
      expect(f).toMatchObject({ "x-original-topic": stream, "x-original-group": "fulfilment" });
      expect(Number(f["x-attempts"])).toBeGreaterThanOrEqual(3);
      // Only poison: an order that parses with an order id was acked by worker-1.
      let parsed: { data?: { order_id?: unknown } } | null = null;
      try {
        parsed = JSON.parse(f.order);
      } catch {
        parsed = null;
      }
      expect(typeof parsed?.data?.order_id).not.toBe("string");
    }
    expect(redisStreamsStats.get("acked")).toBeGreaterThan(0);
    expect(redisStreamsStats.get("crashLeft")).toBeGreaterThan(0);
  });
});
