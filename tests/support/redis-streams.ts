// A Redis Streams test's console and streams on the real Redis: a console watching only this run's
// keys (a per-run prefix), entries added in one pipeline, and a consumer that leaves what it read
// pending, delivered a known number of times.
import { randomUUID } from "node:crypto";
import type Redis from "ioredis";
import { useTempConsoleEnv } from "./console-env";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * The console's environment with cluster "rs" watching `<prefix>*` (and any other clusters given).
 * Call at module top level, before routes are imported; delete the keys under `prefix` at the end.
 */
export function useRedisStreamsConsole(name: string, otherClusters: Record<string, unknown>[] = []): { prefix: string; cleanup: () => void } {
  const prefix = `it-${name}-${randomUUID().slice(0, 8)}-`;
  const { cleanup } = useTempConsoleEnv(`eventscope-${name}-`, {
    clusters: [{ id: "rs", name: "Redis Streams", kind: "redis-streams", url: REDIS_URL, pattern: `${prefix}*` }, ...otherClusters],
  });
  return { prefix, cleanup };
}

/** XADDs `count` entries with the fields `fields(i)` gives, in one pipeline; their ids in order. */
export async function addEntries(redis: Redis, stream: string, count: number, fields: (i: number) => string[]): Promise<string[]> {
  const pipeline = redis.pipeline();
  for (let i = 0; i < count; i++) pipeline.xadd(stream, "*", ...fields(i));
  return ((await pipeline.exec()) ?? []).map(([error, id]) => {
    if (error) throw error;
    return String(id);
  });
}

/**
 * A consumer that reads `count` new entries and never acknowledges them, as one that crashes on each:
 * it re-reads its pending entries `rereads` times (each read is a delivery), so they stay pending,
 * delivered 1 + rereads times.
 */
export async function readWithoutAck(redis: Redis, stream: string, group: string, consumer: string, count: number, rereads = 0): Promise<void> {
  await redis.xreadgroup("GROUP", group, consumer, "COUNT", count, "STREAMS", stream, ">");
  for (let i = 0; i < rereads; i++) await redis.xreadgroup("GROUP", group, consumer, "COUNT", count, "STREAMS", stream, "0");
}
