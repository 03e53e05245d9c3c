import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Redis from "ioredis";
import { call, jsonInit } from "../support/routes";
import { REDIS_URL, useRedisStreamsConsole } from "../support/redis-streams";

// Moving a Redis Streams group (XGROUP SETID) through the consumer reset API every kind uses, against
// the real Redis: a dry run previews the lag after the move (entries after the new position + the
// entries still pending, which SETID leaves), earliest / latest / a time / a shift / a position, the
// move itself, its audit, and bad input. Ids have sequences >= 4096 (more than fit the old packing).
const { prefix, cleanup } = useRedisStreamsConsole("rsreset");
const stream = `${prefix}orders`;
const group = `${stream}.billing`;
const BASE = Date.UTC(2026, 0, 1);
const IDS = Array.from({ length: 10 }, (_, i) => `${BASE + i * 1000}-${5000 + i}`);

const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };

let redis: Redis;
let resetRoute: any;
let auditRoute: any;

const reset = (body: unknown, g = group) =>
  call(resetRoute.POST, `/api/v1/clusters/rs/consumers/${encodeURIComponent(g)}/reset`, { cluster: "rs", group: g }, jsonInit("POST", body, auth));
const lastDelivered = async () => {
  const groups = (await redis.xinfo("GROUPS", stream)) as unknown[][];
  const fields = groups[0] as unknown[];
  return String(fields[fields.indexOf("last-delivered-id") + 1]);
};

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  for (const id of IDS) await redis.xadd(stream, id, "order", id);
  await redis.xgroup("CREATE", stream, "billing", "0");
  // 4 delivered, 1 of them acknowledged: 3 pending, 6 undelivered.
  await redis.xreadgroup("GROUP", "billing", "worker", "COUNT", 4, "STREAMS", stream, ">");
  await redis.xack(stream, "billing", IDS[0]);
  resetRoute = await import("@/app/api/v1/clusters/[cluster]/consumers/[group]/reset/route");
  auditRoute = await import("@/app/api/v1/audit/route");
}, 60_000);

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("resetting a Redis Streams group (XGROUP SETID) through the reset API", () => {
  it("previews the lag each target leaves, pending entries included, and changes nothing", async () => {
    const cases: [unknown, number, number][] = [
      ["earliest", 0, 10 + 3],
      ["latest", 10, 0 + 3],
      [{ shiftBy: -2 }, 2, 8 + 3],
      [{ timestamp: new Date(BASE + 5_000).toISOString() }, 5, 5 + 3],
      [{ offsets: [{ topic: stream, partition: 0, offset: 7 }] }, 7, 3 + 3],
    ];
    for (const [to, position, lagAfter] of cases) {
      const preview = await reset({ to, dryRun: true });
      expect(preview.status, JSON.stringify(preview.body)).toBe(200);
      expect(preview.body).toMatchObject({ method: "reset", applied: false, lag: 6 + 3, resultingLag: lagAfter });
      expect(preview.body.partitions[0]).toMatchObject({ topic: stream, partition: 0, from: 4, to: position, pendingKept: 3 });
      expect(preview.body.blocked).toBeUndefined();
    }
    expect(await lastDelivered()).toBe(IDS[3]);
  });

  it("moves the group, with its consumer connected, and Redis then reports the lag the preview said", async () => {
    const back = await reset({ to: { shiftBy: -2 } });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ applied: true, method: "reset", resultingLag: 11 });
    expect(await lastDelivered()).toBe(IDS[1]);
    const groups = (await redis.xinfo("GROUPS", stream)) as unknown[][];
    expect(Number(groups[0][groups[0].indexOf("lag") + 1])).toBe(8);

    expect((await reset({ to: { timestamp: new Date(BASE + 5_000).toISOString() } })).status).toBe(200);
    expect(await lastDelivered()).toBe(IDS[4]);
    expect((await reset({ to: "earliest" })).status).toBe(200);
    expect(await lastDelivered()).toBe("0-0");
    expect((await reset({ to: "latest" })).status).toBe(200);
    expect(await lastDelivered()).toBe(IDS[9]);
    // The PEL is untouched by SETID.
    expect(((await redis.xpending(stream, "billing")) as unknown[])[0]).toBe(3);

    const audit = await call(auditRoute.GET, "/api/v1/audit?action=consumer.reset", {}, { headers: auth });
    expect(audit.body.events.filter((e: { target: string }) => e.target === `consumer:rs/${group}`).length).toBe(4);
  });

  it("bad input: another stream, a partition other than 0, an unknown group", async () => {
    const other = await reset({ to: "earliest", topics: [`${prefix}other`], dryRun: true });
    expect(other.status).toBe(400);
    const partition = await reset({ to: { offsets: [{ topic: stream, partition: 1, offset: 0 }] }, dryRun: true });
    expect(partition.status).toBe(400);
    const unknown = await reset({ to: "earliest", dryRun: true }, `${stream}.nobody`);
    expect(unknown.status).toBe(404);
  });
});
