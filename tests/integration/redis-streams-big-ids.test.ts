import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Redis from "ioredis";
import { call, jsonInit } from "../support/routes";
import { startJobsByHand, runJobToEnd } from "../support/jobs";
import { REDIS_URL, useRedisStreamsConsole } from "../support/redis-streams";

// Entry ids that no JavaScript number holds, through the API against the real Redis: sequences of
// 4,096 and more, times past 2^41 ms and past 2^53, up to 2^64 - 1. Browsing pages by id, a search
// goes on by its cursor, the DLQ lists, requeues (by ids) and discards entries by their exact ids.
// (The ids were packed as ms * 4096 + seq before: these collided or were refused.)
const { prefix, cleanup } = useRedisStreamsConsole("rsbig");
const big = `${prefix}big`;
const orders = `${prefix}orders`;
const dlq = `${orders}:dlq`;

const U64_MAX = "18446744073709551615";
const BIG_IDS = [
  "1733500000000-4095",
  "1733500000000-4096", // packed: collided with 1733500000001-0
  "1733500000001-0",
  "1733500000001-70000",
  `${2 ** 41 + 3}-1`, // after 2039
  `${2n ** 53n + 1n}-5`, // beyond a double's integers
  `${U64_MAX}-0`,
  `${U64_MAX}-${U64_MAX}`,
];
const DLQ_IDS = ["1733500000000-4096", "1733500000000-4097", `${2 ** 42}-9000`, `${2n ** 60n}-1`];

const auth = { authorization: `Bearer ${process.env.EVENTSCOPE_ADMIN_TOKEN}` };

let redis: Redis;
let routes: Record<string, any>;

const messages = (topic: string, query: string) =>
  call(routes.topicMessages.GET, `/api/v1/clusters/rs/topics/${encodeURIComponent(topic)}/messages${query}`, { cluster: "rs", topic }, { headers: auth });
const dlqUrl = (tail: string) => `/api/v1/clusters/rs/dlq/${encodeURIComponent(dlq)}/${tail}`;

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  for (const [i, id] of BIG_IDS.entries()) await redis.xadd(big, id, "order", `o-${i}`);
  await redis.xadd(orders, "*", "order", "first");
  for (const [i, id] of DLQ_IDS.entries()) {
    await redis.xadd(dlq, id, "order", `poison-${i}`, "x-original-topic", orders, "x-original-id", BIG_IDS[i], "x-error", "delivered 5 times");
  }
  await startJobsByHand();
  routes = {
    topicMessages: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route"),
    dlqMessages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    discard: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/discard/route"),
    job: await import("@/app/api/v1/jobs/[job]/route"),
  };
}, 60_000);

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

describe("Redis entry ids beyond what a number holds", () => {
  it("browses page by page with the id cursor, every id exact", async () => {
    const seen: string[] = [];
    let query = "?limit=3";
    for (let pages = 0; pages < 10; pages++) {
      const page = await messages(big, query);
      expect(page.status).toBe(200);
      seen.push(...page.body.messages.map((m: { id: string }) => m.id));
      if (!page.body.next) break;
      expect(page.body.next.id).toBe(BIG_IDS[seen.length]);
      query = `?limit=3&fromId=${page.body.next.id}`;
    }
    expect(seen).toEqual(BIG_IDS);
    const from = await messages(big, `?limit=2&fromId=${BIG_IDS[5]}`);
    expect(from.body.messages.map((m: { id: string }) => m.id)).toEqual([BIG_IDS[5], BIG_IDS[6]]);
    expect(from.body.messages.map((m: { value: string }) => JSON.parse(m.value))).toEqual([{ order: "o-5" }, { order: "o-6" }]);
  });

  it("refuses a fromId that is not <ms>-<seq> with a 400", async () => {
    for (const bad of ["12", "1-2-3", `${U64_MAX}0-0`, "abc"]) {
      const answer = await messages(big, `?fromId=${encodeURIComponent(bad)}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toMatch(/fromId/);
    }
  });

  it("a search goes on by its cursor across those ids", async () => {
    const found: string[] = [];
    let query = "?q=o-&limit=2";
    for (let rounds = 0; rounds < 10; rounds++) {
      const answer = await messages(big, query);
      expect(answer.status).toBe(200);
      found.push(...answer.body.messages.map((m: { id: string }) => m.id));
      if (!answer.body.next) break;
      query = `?q=o-&limit=2&cursor=${answer.body.next}`;
    }
    expect(found).toEqual(BIG_IDS);
  });

  it("lists the DLQ by entry ids, requeues two by id and discards one, exactly those", async () => {
    const page = await call(routes.dlqMessages.GET, dlqUrl("messages?limit=2"), { cluster: "rs", topic: dlq }, { headers: auth });
    expect(page.status).toBe(200);
    expect(page.body.messages.map((m: { id: string }) => m.id)).toEqual(DLQ_IDS.slice(0, 2));
    expect(page.body.messages[0].originalId).toBe(BIG_IDS[0]);
    const rest = await call(routes.dlqMessages.GET, dlqUrl(`messages?limit=5&cursor=${page.body.next}`), { cluster: "rs", topic: dlq }, { headers: auth });
    expect(rest.body.messages.map((m: { id: string }) => m.id)).toEqual(DLQ_IDS.slice(2));

    const requeue = await call(routes.requeue.POST, dlqUrl("requeue"), { cluster: "rs", topic: dlq }, jsonInit("POST", { ids: [DLQ_IDS[1], DLQ_IDS[3]] }, auth));
    expect(requeue.status).toBe(202);
    expect((await runJobToEnd(requeue.body.job.id)).state).toBe("succeeded");
    expect((await redis.xrange(dlq, "-", "+")).map(([id]) => id)).toEqual([DLQ_IDS[0], DLQ_IDS[2]]);
    const copies = (await redis.xrange(orders, "-", "+")).slice(1).map(([, fields]) => fields[1]);
    expect(copies).toEqual(["poison-1", "poison-3"]);

    const discard = await call(routes.discard.POST, dlqUrl("discard"), { cluster: "rs", topic: dlq }, jsonInit("POST", { ids: [DLQ_IDS[2]] }, auth));
    expect(discard.status).toBeLessThan(300);
    expect((await redis.xrange(dlq, "-", "+")).map(([id]) => id)).toEqual([DLQ_IDS[0]]);
  });
});
