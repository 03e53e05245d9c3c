// Redis Streams at scale against the real Redis: (1) one sampling cycle at 1,000 streams x 3 groups
// (SCAN ... TYPE stream, then two pipelines: lib/brokers/redis-streams/redis-streams-snapshot.ts),
// against a baseline in the same run, the per-stream round trips the cycle replaces (XINFO STREAM,
// XINFO GROUPS and XINFO CONSUMERS per group, one stream after the other); target under 300 ms.
// Prints figures; asserts nothing. Keys carry a per-run prefix and are deleted at the end.
// The requeue of dead-letter entries is measured as an operator starts it, a job through the HTTP
// server: bench/server.ts (redisStreamsRequeue in bench/lib/server-jobs.ts).
//
//   node --expose-gc --conditions=react-server --import tsx bench/redis-streams.ts
//
// env: BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_RS_STREAMS (1000), BENCH_RS_GROUPS (3),
//      BENCH_CYCLES (10)
import os from "node:os";
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { RedisStreamsClient } from "@/lib/brokers/redis-streams/redis-streams-client";
import { readStreamsSnapshot } from "@/lib/brokers/redis-streams/redis-streams-snapshot";

const URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const STREAMS = Number(process.env.BENCH_RS_STREAMS ?? 1_000);
const GROUPS = Number(process.env.BENCH_RS_GROUPS ?? 3);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 10);
const prefix = `bench-rs-${randomUUID().slice(0, 8)}:`;

const ms = (value: number) => `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ms`;
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const pct = (values: number[], p: number) => sorted(values)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

async function setupStreams(redis: Redis): Promise<void> {
  for (let s = 0; s < STREAMS; s += 100) {
    const pipeline = redis.pipeline();
    for (let i = s; i < Math.min(STREAMS, s + 100); i++) {
      const key = `${prefix}s${i}`;
      for (let e = 0; e < 20; e++) pipeline.xadd(key, "*", "order", `{"id":${e}}`);
      for (let g = 0; g < GROUPS; g++) pipeline.xgroup("CREATE", key, `g${g}`, "0");
      // g0 caught up and acked; g1 with 5 pending; g2 never read.
      pipeline.xreadgroup("GROUP", "g0", "c0", "COUNT", 20, "STREAMS", key, ">");
      pipeline.xreadgroup("GROUP", "g1", "c1", "COUNT", 5, "STREAMS", key, ">");
    }
    await pipeline.exec();
  }
}

/** The baseline: what a console reading one stream at a time sends. */
async function perStreamCycle(redis: Redis, keys: string[]): Promise<void> {
  for (const key of keys) {
    await redis.call("XINFO", "STREAM", key);
    const groups = (await redis.call("XINFO", "GROUPS", key)) as unknown[][];
    for (const group of groups) await redis.call("XINFO", "CONSUMERS", key, String(group[1]));
  }
}

async function deleteKeys(redis: Redis): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 5_000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== "0");
}

async function main(): Promise<void> {
  const redis = new Redis(URL);
  const client = new RedisStreamsClient({ url: URL });
  console.log(`redis-streams bench: ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, ${new Date().toISOString()}`);
  try {
    await setupStreams(redis);
    const keys = Array.from({ length: STREAMS }, (_, i) => `${prefix}s${i}`).sort();
    // Warm-up of both, then alternate so a drift of the machine hits both alike.
    await readStreamsSnapshot(client, `${prefix}*`);
    await perStreamCycle(redis, keys);
    const cycle: number[] = [];
    const baseline: number[] = [];
    let groups = 0;
    for (let i = 0; i < CYCLES; i++) {
      let t = performance.now();
      const snapshot = await readStreamsSnapshot(client, `${prefix}*`);
      cycle.push(performance.now() - t);
      groups = snapshot.streams.reduce((n, s) => n + s.groups.length, 0);
      t = performance.now();
      await perStreamCycle(redis, keys);
      baseline.push(performance.now() - t);
    }
    console.log(`sampling cycle, ${STREAMS} streams x ${GROUPS} groups (${groups} groups read), ${CYCLES} cycles:`);
    console.log(`  pipelined cycle   p50 ${ms(pct(cycle, 0.5))}  p95 ${ms(pct(cycle, 0.95))}  max ${ms(Math.max(...cycle))}   (target < 300 ms)`);
    console.log(`  per-stream trips  p50 ${ms(pct(baseline, 0.5))}  p95 ${ms(pct(baseline, 0.95))}  max ${ms(Math.max(...baseline))}   (baseline, same run)`);
  } finally {
    await deleteKeys(redis);
    await client.close();
    redis.disconnect();
  }
}

void main();
