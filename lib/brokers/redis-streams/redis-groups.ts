import "server-only";
import type Redis from "ioredis";
import { DomainError, invalidInput, notFound } from "@/lib/errors";
import { quoteName, requireName } from "../names";
import { execPipeline } from "./redis-streams-client";
import { checkRedisName, checkStreamKey, groupIdCandidates } from "./redis-stream-names";
import { pairs } from "./stream-facts";

// Finding what an operator named: a stream key that must hold a stream, and `<stream>.<group>` whose
// split is decided by what exists (both parts may contain dots). One pipeline per look-up.

/** At most this many ways to split a group identifier are tried (a name full of dots is not a reason to send 500 commands). */
const MAX_SPLITS = 16;

/** Throws a 404 when the key does not exist, a 400 when it holds something other than a stream. */
export async function requireStream(redis: Redis, key: string): Promise<void> {
  requireName("topic", checkStreamKey(key));
  const type = String(await redis.type(key));
  if (type === "none") throw notFound(`stream ${quoteName(key)}`);
  if (type !== "stream") throw notStream(key, type);
}

export function notStream(key: string, type: string): DomainError {
  return invalidInput("topic", `${quoteName(key)} is not a stream (the key holds a ${type})`);
}

/**
 * The stream and group an identifier `<stream>.<group>` names: the longest stream that exists and has
 * that group. 404 when no split names an existing group (naming the stream when one exists), 400 when
 * the only key found is not a stream.
 */
export async function resolveGroup(redis: Redis, id: string, allowed: (stream: string) => boolean = () => true): Promise<{ stream: string; group: string }> {
  requireName("group", checkRedisName("group", id));
  const candidates = groupIdCandidates(id).filter((c) => allowed(c.stream)).slice(0, MAX_SPLITS);
  if (candidates.length === 0) throw notFound(`consumer group ${quoteName(id)}`);
  const pipeline = redis.pipeline();
  for (const { stream } of candidates) {
    pipeline.type(stream);
    pipeline.call("XINFO", "GROUPS", stream);
  }
  const replies = await execPipeline(pipeline);
  let existingStream: string | undefined;
  let wrongType: { key: string; type: string } | undefined;
  for (let i = 0; i < candidates.length; i++) {
    const [, type] = replies[2 * i];
    const [groupsError, groups] = replies[2 * i + 1];
    if (type === "stream" && !groupsError && Array.isArray(groups)) {
      existingStream ??= candidates[i].stream;
      if (groups.some((g) => String(pairs(g).get("name")) === candidates[i].group)) return candidates[i];
    } else if (typeof type === "string" && type !== "none") {
      wrongType ??= { key: candidates[i].stream, type };
    }
  }
  if (existingStream) {
    const group = id.slice(existingStream.length + 1);
    throw notFound(`consumer group ${quoteName(group)} of stream ${quoteName(existingStream)}`);
  }
  if (wrongType) throw notStream(wrongType.key, wrongType.type);
  throw notFound(`consumer group ${quoteName(id)} (no stream ${candidates.map((c) => quoteName(c.stream)).join(" or ")})`);
}
