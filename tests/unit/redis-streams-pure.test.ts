import { describe, expect, it } from "vitest";
import {
  compareIdTexts,
  firstIdAtTime,
  nextStreamId,
  normalizeStreamId,
  parseStreamId,
  previousStreamId,
  streamIdProblem,
  streamIdTimeMs,
  formatStreamId,
} from "@/lib/brokers/redis-streams/stream-ids";
import { checkRedisName, defaultDlqKey, groupIdCandidates, isDlqKey } from "@/lib/brokers/redis-streams/redis-stream-names";
import { parseEntries, parsePendingEntries, parseStreamFull, type GroupFacts, type StreamFacts } from "@/lib/brokers/redis-streams/stream-facts";
import {
  deriveGroupLag,
  evaluateGroupStatus,
  formatDuration,
  undeliveredFromCount,
  undeliveredFromFacts,
} from "@/lib/brokers/redis-streams/stream-derive";
import { callerRedisError, isConnectionFailure, permanentRedisError } from "@/lib/brokers/redis-streams/redis-errors";

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const U64_MAX = "18446744073709551615";

describe("stream entry ids", () => {
  it("parses <ms>-<seq> with 64-bit parts exactly", () => {
    expect(parseStreamId("1733500000000-0")).toEqual({ ms: 1733500000000n, seq: 0n });
    expect(parseStreamId(`${U64_MAX}-${U64_MAX}`)).toEqual({ ms: 2n ** 64n - 1n, seq: 2n ** 64n - 1n });
    expect(normalizeStreamId("0001-02")).toBe("1-2");
  });

  it.each(["", "1", "1-", "-1", "1-2-3", "a-1", "1-b", " 1-2", "1-2 ", "1.5-2", "+", "-", "$", "0x1-2", "1-2\n", `${U64_MAX}0-0`])(
    "refuses %j",
    (text) => {
      expect(parseStreamId(text)).toBeNull();
      expect(streamIdProblem(text)).toMatch(/entry id|out of range/);
    },
  );

  it("refuses parts above 2^64-1 with an out-of-range reason", () => {
    expect(parseStreamId("18446744073709551616-0")).toBeNull();
    expect(streamIdProblem("18446744073709551616-0")).toMatch(/out of range/);
    expect(streamIdProblem("1-0")).toBeNull();
  });

  it("shortens a huge bad id in the reason", () => {
    const problem = streamIdProblem("x".repeat(5_000))!;
    expect(problem.length).toBeLessThan(200);
  });

  it("orders numerically, not as text", () => {
    expect(compareIdTexts("9-0", "10-0")).toBeLessThan(0);
    expect(compareIdTexts("10-2", "10-10")).toBeLessThan(0);
    expect(compareIdTexts("5-5", "5-5")).toBe(0);
    expect(compareIdTexts(`${U64_MAX}-0`, "1-0")).toBeGreaterThan(0);
  });

  it("steps to the neighbouring ids across the sequence limit", () => {
    expect(formatStreamId(nextStreamId(parseStreamId("5-1")!)!)).toBe("5-2");
    expect(formatStreamId(nextStreamId(parseStreamId(`5-${U64_MAX}`)!)!)).toBe("6-0");
    expect(nextStreamId(parseStreamId(`${U64_MAX}-${U64_MAX}`)!)).toBeNull();
    expect(formatStreamId(previousStreamId(parseStreamId("6-0")!)!)).toBe(`5-${U64_MAX}`);
    expect(previousStreamId(parseStreamId("0-0")!)).toBeNull();
  });

  it("reads a plausible time from an id, not from made-up ids", () => {
    expect(streamIdTimeMs(`${NOW - 5_000}-3`, NOW)).toBe(NOW - 5_000);
    expect(streamIdTimeMs("1-1", NOW)).toBeNull();
    expect(streamIdTimeMs(`${NOW + 3 * 86_400_000}-0`, NOW)).toBeNull();
    expect(streamIdTimeMs(`${U64_MAX}-0`, NOW)).toBeNull();
    expect(firstIdAtTime(NOW)).toBe(`${NOW}-0`);
  });
});

describe("names", () => {
  it("splits <stream>.<group> every way, the longest stream first", () => {
    expect(groupIdCandidates("orders.v2.billing")).toEqual([
      { stream: "orders.v2", group: "billing" },
      { stream: "orders", group: "v2.billing" },
    ]);
    expect(groupIdCandidates("orders")).toEqual([]);
    expect(groupIdCandidates(".g")).toEqual([]);
    expect(groupIdCandidates("s.")).toEqual([]);
  });

  it("refuses empty, control-character and unsplittable names", () => {
    expect(checkRedisName("topic", "orders").ok).toBe(true);
    expect(checkRedisName("topic", "").ok).toBe(false);
    expect(checkRedisName("topic", "a\r\nb").ok).toBe(false);
    expect(checkRedisName("topic", "x".repeat(1_025)).ok).toBe(false);
    expect(checkRedisName("group", "orders.billing").ok).toBe(true);
    expect(checkRedisName("group", "orders").ok).toBe(false);
    expect(checkRedisName("group", "orders.\u0000").ok).toBe(false);
  });

  it("names dead-letter streams <stream>:dlq", () => {
    expect(defaultDlqKey("orders")).toBe("orders:dlq");
    expect(isDlqKey("orders:dlq")).toBe(true);
    expect(isDlqKey(":dlq")).toBe(false);
    expect(isDlqKey("orders")).toBe(false);
  });
});

// Shaped like what ioredis returns for XINFO STREAM <key> FULL COUNT 1 on Redis 7.0.
function fullReply(o: { length: number; lastGenerated: string; maxDeleted?: string; added: number; first?: string; groups: unknown[] }) {
  return [
    "length", o.length, "radix-tree-keys", 1, "radix-tree-nodes", 2,
    "last-generated-id", o.lastGenerated, "max-deleted-entry-id", o.maxDeleted ?? "0-0",
    "entries-added", o.added, "recorded-first-entry-id", o.first ?? "0-0",
    "entries", o.first ? [[o.first, ["a", "1"]]] : [],
    "groups", o.groups,
  ];
}
function groupReply(o: { name: string; last: string; read: number | null; lag: number | null; pel: number; head?: [string, string, number, number]; consumers?: [string, number, number][] }) {
  return [
    "name", o.name, "last-delivered-id", o.last, "entries-read", o.read, "lag", o.lag, "pel-count", o.pel,
    "pending", o.head ? [o.head] : [],
    "consumers", (o.consumers ?? []).map(([name, seen, pel]) => ["name", name, "seen-time", seen, "pel-count", pel, "pending", []]),
  ];
}

describe("XINFO STREAM FULL parsing", () => {
  it("reads stream, groups, the oldest pending entry and consumers", () => {
    const facts = parseStreamFull(
      "orders",
      fullReply({
        length: 10, lastGenerated: `${NOW}-9`, added: 12, first: `${NOW - 60_000}-0`,
        groups: [groupReply({ name: "billing", last: `${NOW - 1_000}-0`, read: 8, lag: 2, pel: 3, head: [`${NOW - 30_000}-0`, "c1", NOW - 20_000, 4], consumers: [["c1", NOW - 5_000, 3]] })],
      }),
      4096,
    );
    expect(facts).toMatchObject({ key: "orders", length: 10, firstId: `${NOW - 60_000}-0`, lastId: `${NOW}-9`, entriesAdded: 12, memoryBytes: 4096 });
    expect(facts.groups[0]).toEqual({
      name: "billing", lastDeliveredId: `${NOW - 1_000}-0`, entriesRead: 8, lag: 2, pending: 3,
      oldestPending: { id: `${NOW - 30_000}-0`, consumer: "c1", deliveredAtMs: NOW - 20_000, deliveries: 4 },
      consumers: [{ name: "c1", seenTimeMs: NOW - 5_000, pending: 3 }],
    });
  });

  it("does not take the last generated id as the newest entry when that entry was deleted", () => {
    const facts = parseStreamFull("s", fullReply({ length: 2, lastGenerated: "9-0", maxDeleted: "9-0", added: 3, first: "1-0", groups: [] }), null);
    expect(facts.lastId).toBeNull();
    const empty = parseStreamFull("s", fullReply({ length: 0, lastGenerated: "9-0", added: 3, groups: [] }), null);
    expect(empty.firstId).toBeNull();
    expect(empty.lastId).toBeNull();
  });

  it("survives junk replies", () => {
    expect(parseStreamFull("s", null, null)).toMatchObject({ length: 0, groups: [] });
    expect(parseStreamFull("s", ["length"], null).length).toBe(0);
    expect(parseEntries([["1-0", ["k", "v", "dangling"]], "junk"])).toEqual([{ id: "1-0", fields: [["k", "v"]] }]);
    expect(parsePendingEntries([["1-0", "c", 5, 2], ["short"]])).toEqual([{ id: "1-0", consumer: "c", idleMs: 5, deliveries: 2 }]);
  });
});

function stream(partial: Partial<StreamFacts>): StreamFacts {
  return { key: "orders", length: 10, lastGeneratedId: `${NOW}-0`, maxDeletedId: "0-0", entriesAdded: 10, firstId: `${NOW - 100_000}-0`, lastId: `${NOW}-0`, memoryBytes: null, groups: [], ...partial };
}
function group(partial: Partial<GroupFacts>): GroupFacts {
  return { name: "billing", lastDeliveredId: `${NOW - 50_000}-0`, entriesRead: 5, lag: 5, pending: 0, oldestPending: null, consumers: [{ name: "c1", seenTimeMs: NOW - 1_000, pending: 0 }], ...partial };
}

describe("lag", () => {
  it("takes Redis 7's lag when it has one, and adds the pending entries", () => {
    const g = group({ lag: 5, pending: 2, oldestPending: { id: `${NOW - 70_000}-0`, consumer: "c1", deliveredAtMs: NOW - 60_000, deliveries: 1 } });
    const lag = deriveGroupLag(g, undeliveredFromFacts(stream({}), g), `${NOW - 40_000}-0`, NOW);
    expect(lag).toMatchObject({ lag: 7, pending: 2, oldestPendingAgeSeconds: 70, oldestUndeliveredAgeSeconds: 40, lagSeconds: 70 });
  });

  it("counts from the oldest undelivered entry when nothing is pending", () => {
    const g = group({ lag: 5 });
    expect(deriveGroupLag(g, undeliveredFromFacts(stream({}), g), `${NOW - 40_000}-1`, NOW).lagSeconds).toBe(40);
  });

  it("lag seconds of a stopped group grow with wall time", () => {
    const g = group({ lag: 5 });
    const u = undeliveredFromFacts(stream({}), g);
    expect(deriveGroupLag(g, u, `${NOW - 40_000}-0`, NOW + 60_000).lagSeconds).toBe(100);
  });

  it("derives what Redis cannot say: caught up, all undelivered, or unknown until counted", () => {
    const s = stream({ firstId: `${NOW - 100_000}-0`, lastId: `${NOW}-0` });
    expect(undeliveredFromFacts(s, group({ lag: null, lastDeliveredId: `${NOW}-0` }))).toEqual({ count: 0, source: "caught-up" });
    expect(undeliveredFromFacts(s, group({ lag: null, lastDeliveredId: "0-0" }))).toEqual({ count: 10, source: "all" });
    const unknown = undeliveredFromFacts(s, group({ lag: null, lastDeliveredId: `${NOW - 50_000}-0` }));
    expect(unknown).toEqual({ count: null, source: "unknown" });
    expect(undeliveredFromCount(unknown, 3, 1_000)).toEqual({ count: 3, source: "counted" });
    expect(undeliveredFromCount(unknown, 1_000, 1_000)).toEqual({ count: 1_000, source: "at-least" });
    expect(undeliveredFromFacts(stream({ length: 0, firstId: null, lastId: null }), group({ lag: null }))).toEqual({ count: 0, source: "caught-up" });
  });

  it("is 0 s when caught up and unknown seconds for made-up ids", () => {
    const g = group({ lag: 0 });
    expect(deriveGroupLag(g, undeliveredFromFacts(stream({}), g), null, NOW).lagSeconds).toBe(0);
    const odd = group({ lag: 2 });
    expect(deriveGroupLag(odd, undeliveredFromFacts(stream({}), odd), "1-1", NOW).lagSeconds).toBeNull();
  });
});

describe("status with a reason", () => {
  const evaluate = (g: GroupFacts, oldestUndelivered: string | null, now = NOW) => {
    const lag = deriveGroupLag(g, undeliveredFromFacts(stream({}), g), oldestUndelivered, now);
    return evaluateGroupStatus("orders", g, lag, now);
  };

  it("OK when caught up", () => {
    expect(evaluate(group({ lag: 0 }), null)).toEqual({ status: "OK", reason: "orders.billing: caught up" });
  });

  it("ERR without consumers, naming what waits", () => {
    expect(evaluate(group({ consumers: [] }), `${NOW - 40_000}-0`)).toEqual({ status: "ERR", reason: "orders.billing: no consumers; 5 entries waiting, the oldest for 40s" });
  });

  it("ERR when every consumer has been idle past the limit", () => {
    const result = evaluate(group({ consumers: [{ name: "c1", seenTimeMs: NOW - 7 * 60_000, pending: 0 }] }), `${NOW - 40_000}-0`);
    expect(result.status).toBe("ERR");
    expect(result.reason).toMatch(/stopped: no consumer has read for 7m 0s; 5 entries waiting/);
  });

  it("WARN for a poison entry and for an entry a crashed consumer left", () => {
    const poison = evaluate(group({ pending: 1, oldestPending: { id: `${NOW - 9_000}-0`, consumer: "c1", deliveredAtMs: NOW - 1_000, deliveries: 6 } }), `${NOW - 40_000}-0`);
    expect(poison.status).toBe("WARN");
    expect(poison.reason).toMatch(/delivered 6 times \(limit 5\)/);
    const stuck = evaluate(group({ pending: 1, oldestPending: { id: `${NOW - 900_000}-0`, consumer: "dead", deliveredAtMs: NOW - 600_000, deliveries: 1 } }), `${NOW - 40_000}-0`);
    expect(stuck.status).toBe("WARN");
    expect(stuck.reason).toMatch(/pending at dead for 10m 0s without an ack/);
  });

  it("OK consuming otherwise, UNKNOWN when the lag cannot be told", () => {
    expect(evaluate(group({}), `${NOW - 40_000}-0`)).toEqual({ status: "OK", reason: "orders.billing: consuming; lag 5, the oldest for 40s" });
    const g = group({ lag: null });
    const lag = deriveGroupLag(g, { count: null, source: "unknown" }, undefined, NOW);
    expect(evaluateGroupStatus("orders", g, lag, NOW).status).toBe("UNKNOWN");
  });

  it("formats durations", () => {
    expect(formatDuration(45_000)).toBe("45s");
    expect(formatDuration(3 * 3_600_000 + 120_000)).toBe("3h 2m");
    expect(formatDuration(52 * 3_600_000)).toBe("2d 4h");
  });
});

describe("Redis errors", () => {
  const reply = (message: string) => Object.assign(new Error(message), { name: "ReplyError" });

  it("turns wrong type and missing group into 4xx naming them", () => {
    expect(callerRedisError(reply("WRONGTYPE Operation against a key holding the wrong kind of value"), { stream: "k" })?.code).toBe("invalid-input");
    const missing = callerRedisError(reply("NOGROUP No such key 'k' or consumer group 'g'"), { stream: "k", group: "g" });
    expect(missing?.code).toBe("not-found");
    expect(missing?.message).toMatch(/"g" of stream "k"/);
    expect(callerRedisError(reply("ERR Invalid stream ID specified as stream command argument"), {})?.code).toBe("invalid-input");
  });

  it("tells refusals from outages", () => {
    expect(permanentRedisError(reply("NOPERM this user has no permissions"))).toMatch(/not authorized/);
    expect(permanentRedisError(reply("OOM command not allowed when used memory > 'maxmemory'."))).toMatch(/out of memory/);
    expect(permanentRedisError(reply("LOADING Redis is loading the dataset in memory"))).toBeNull();
    expect(permanentRedisError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }))).toBeNull();
    expect(isConnectionFailure(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isConnectionFailure(reply("ERR syntax error"))).toBe(false);
  });
});
