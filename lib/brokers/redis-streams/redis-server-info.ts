import "server-only";
import type Redis from "ioredis";
import type { ClusterInfo, ClusterSetting } from "../types";

// The cluster page of a Redis: version, role, address, and the settings that decide what happens to
// streams (memory limit and eviction, persistence).

/** INFO's "key:value" lines as a map. Pure. */
export function parseInfo(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(":");
    if (at > 0 && !line.startsWith("#")) map.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  return map;
}

export async function describeRedisServer(redis: Redis, where: string, streams: number): Promise<ClusterInfo> {
  const info = parseInfo(String(await redis.info()));
  const url = new URL(where.replace(/\/\d*$/, ""));
  const setting = (name: string, value: string | undefined, note: string): ClusterSetting => ({ name, value: value ?? null, source: "set", note });
  return {
    kind: "redis-streams",
    clusterId: info.get("run_id") ?? null,
    version: info.get("redis_version") ? `Redis ${info.get("redis_version")}` : null,
    controller: null,
    nodes: [{ id: info.get("run_id")?.slice(0, 12) ?? "redis", host: url.hostname, port: url.port ? Number(url.port) : 6379, isController: info.get("role") === "master", version: info.get("redis_version") }],
    listeners: [{ name: "url", value: where }],
    topics: streams,
    partitions: streams,
    settings: [
      setting("role", info.get("role"), "a replica refuses writes (dead-letter, requeue)"),
      setting("maxmemory", info.get("maxmemory_human"), "0B: no limit"),
      setting("maxmemory_policy", info.get("maxmemory_policy"), "an eviction policy other than noeviction can drop whole streams"),
      setting("aof_enabled", info.get("aof_enabled"), "without AOF, entries since the last snapshot are lost in a crash"),
      { name: "used_memory", value: info.get("used_memory_human") ?? null, source: "usage" },
    ],
  };
}
