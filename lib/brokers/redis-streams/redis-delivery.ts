import "server-only";
import type Redis from "ioredis";
import { brokerRefused, invalidInput } from "@/lib/errors";
import type { BrokerDelivery, DeliveryCheckpoint, OutgoingCopy } from "../delivery";
import { messageToFields } from "./redis-entries";
import { execPipeline } from "./redis-streams-client";
import { parseEntries } from "./stream-facts";
import { parseStreamId } from "./stream-ids";

// Redis Streams' "publish once" (lib/brokers/delivery.ts).
// A requeue copy (it has a source: its entry in a dead-letter stream) goes out through one Lua
// script that, atomically, XADDs the copy to its target and XDELs the source, and does nothing when
// the source is already gone. Redis runs a script whole or not at all, so after a crash a copy whose
// source is gone was sent and one whose source is there was not: settle reads that, and sending
// again can never double. A replay copy (no source) is XADDed; prepare saves each target's last id
// and settle finds the markers written after it.

const MOVE_SCRIPT = `
local kind = redis.call('TYPE', KEYS[2])['ok']
if kind ~= 'stream' then return {'!target', kind} end
if #redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1]) == 0 then return {'!gone'} end
local id = redis.call('XADD', KEYS[2], '*', unpack(ARGV, 2))
redis.call('XDEL', KEYS[1], ARGV[1])
return {id}
`;

interface RedisCheckpoint extends DeliveryCheckpoint {
  /** Target stream -> its last generated id before the batch. */
  lastIds?: Record<string, string>;
}

/** Gives the delivery what it needs of the connector (raw Redis access, errors mapped). */
export interface RedisRunner {
  run<T>(work: (redis: Redis) => Promise<T>, what?: { stream?: string; group?: string }): Promise<T>;
}

function sourceId(copy: OutgoingCopy): string {
  // The offset of a Redis message is only positional: its id says which entry it is.
  const id = copy.source!.id;
  if (id === undefined || !parseStreamId(id)) throw invalidInput("id", `${JSON.stringify(id ?? null)} is not a Redis stream entry id`);
  return id;
}

export function redisStreamsDelivery(connector: RedisRunner, markerHeader: string): BrokerDelivery {
  return {
    async prepare(targets, previous) {
      const checkpoint: RedisCheckpoint = { ...(previous as RedisCheckpoint | undefined) };
      const unknown = [...new Set(targets)].filter((t) => !checkpoint.lastIds?.[t]);
      if (unknown.length === 0) return previous;
      const lastIds = { ...checkpoint.lastIds };
      await connector.run(async (redis) => {
        const pipeline = redis.pipeline();
        for (const target of unknown) pipeline.call("XINFO", "STREAM", target);
        const replies = await execPipeline(pipeline);
        unknown.forEach((target, i) => {
          const [error, reply] = replies[i];
          const info = Array.isArray(reply) ? reply : [];
          const at = info.indexOf("last-generated-id");
          lastIds[target] = !error && at >= 0 ? String(info[at + 1]) : "0-0";
        });
      });
      return { ...checkpoint, lastIds };
    },

    async publishOnce(copies) {
      if (copies.length === 0) return;
      await connector.run(async (redis) => {
        const pipeline = redis.pipeline();
        for (const copy of copies) {
          const fields = messageToFields(copy.request);
          if (copy.source) pipeline.eval(MOVE_SCRIPT, 2, copy.source.topic, copy.request.topic, sourceId(copy), ...fields);
          else pipeline.xadd(copy.request.topic, "NOMKSTREAM", "*", ...fields);
        }
        // Every command runs; the first failure is reported after all of them finished.
        const replies = await execPipeline(pipeline);
        replies.forEach(([error, reply], i) => {
          if (error) throw error;
          if (reply === null) throw brokerRefused(`stream ${JSON.stringify(copies[i].request.topic)} does not exist (the console does not create streams)`);
          if (Array.isArray(reply) && reply[0] === "!target") {
            throw brokerRefused(`cannot send to ${JSON.stringify(copies[i].request.topic)}: ${reply[1] === "none" ? "the stream does not exist" : `the key holds a ${reply[1]}, not a stream`}`);
          }
        });
      });
    },

    async settle(checkpoint, inFlight) {
      const sent = new Set<string>();
      const lastIds = (checkpoint as RedisCheckpoint | undefined)?.lastIds ?? {};
      await connector.run(async (redis) => {
        // Requeues: sent exactly when the source entry is gone.
        const withSource = inFlight.filter((copy) => copy.source?.id !== undefined && parseStreamId(copy.source.id));
        for (let i = 0; i < withSource.length; i += 1_000) {
          const chunk = withSource.slice(i, i + 1_000);
          const pipeline = redis.pipeline();
          for (const copy of chunk) {
            const id = copy.source!.id!;
            pipeline.call("XRANGE", copy.source!.topic, id, id);
          }
          const replies = await execPipeline(pipeline);
          chunk.forEach((copy, j) => {
            const [error, reply] = replies[j];
            if (!error && Array.isArray(reply) && reply.length === 0) sent.add(copy.marker);
          });
        }
        // Replays: markers found on the checkpoint's targets after their saved last ids.
        const markers = new Set(inFlight.filter((copy) => !copy.source).map((copy) => copy.marker));
        if (markers.size === 0) return;
        for (const target of Object.keys(lastIds)) {
          let start = `(${lastIds[target] ?? "0-0"}`;
          for (;;) {
            const page = parseEntries(await redis.call("XRANGE", target, start, "+", "COUNT", 1_000));
            for (const entry of page) {
              const marker = entry.fields.find(([name]) => name === markerHeader)?.[1];
              if (marker !== undefined && markers.has(marker.toString())) sent.add(marker.toString());
            }
            if (page.length < 1_000) break;
            start = `(${page[page.length - 1].id}`;
          }
        }
      });
      return sent;
    },
  };
}
