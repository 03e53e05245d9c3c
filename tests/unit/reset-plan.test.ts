import { describe, expect, it } from "vitest";
import type { ResetPosition } from "@/lib/brokers/types";
import { activeMembersMessage, checkResetBody, clampOffset, planReset, resetScope } from "@/lib/consumers/reset-plan";
import { resetBodySchema, type ResetTarget } from "@/lib/consumers/reset-request";
import { jetstreamPosition, jetstreamResetMethod, parseServerVersion } from "@/lib/brokers/nats/nats-reset";
import { buildResetBody, initialResetForm, partitionKey, sameReset, type ResetFormState } from "@/lib/client/reset-form";

// Hand-made positions: partition 0 fully retained, partition 1 with retention having removed 0..9.
const positions: ResetPosition[] = [
  { topic: "orders", partition: 1, committed: 15, low: 10, high: 40, lag: 25 },
  { topic: "orders", partition: 0, committed: 5, low: 0, high: 20, lag: 15 },
];

const plan = (target: ResetTarget, input = positions) => {
  const result = planReset(input, target);
  if (!result.ok) throw new Error(`${result.field}: ${result.message}`);
  return result;
};
const moves = (target: ResetTarget, input = positions) =>
  plan(target, input).partitions.map(({ partition, from, to, resultingLag }) => ({ partition, from, to, resultingLag }));

describe("planReset", () => {
  it("earliest goes to the low watermark and latest to the high one, sorted by topic and partition", () => {
    expect(moves({ kind: "earliest" })).toEqual([
      { partition: 0, from: 5, to: 0, resultingLag: 20 },
      { partition: 1, from: 15, to: 10, resultingLag: 30 },
    ]);
    expect(moves({ kind: "latest" })).toEqual([
      { partition: 0, from: 5, to: 20, resultingLag: 0 },
      { partition: 1, from: 15, to: 40, resultingLag: 0 },
    ]);
  });

  it("sums lag before and after", () => {
    const result = plan({ kind: "earliest" });
    expect(result.lag).toBe(40);
    expect(result.resultingLag).toBe(50);
  });

  it("shifts from the committed offset, clamping to the retained range and saying so", () => {
    expect(moves({ kind: "shift", shiftBy: -3 })).toEqual([
      { partition: 0, from: 5, to: 2, resultingLag: 18 },
      { partition: 1, from: 15, to: 12, resultingLag: 28 },
    ]);
    const back = plan({ kind: "shift", shiftBy: -10 }).partitions;
    expect(back[0]).toMatchObject({ to: 0, clamped: "low", requested: -5 });
    expect(back[1]).toMatchObject({ to: 10, clamped: "low", requested: 5 });
    const forward = plan({ kind: "shift", shiftBy: 18 }).partitions;
    expect(forward[0]).toMatchObject({ to: 20, clamped: "high", requested: 23, resultingLag: 0 });
    expect(forward[1]).toMatchObject({ to: 33, resultingLag: 7 });
    expect(forward[1]).not.toHaveProperty("clamped");
  });

  it("refuses to shift a partition that has no committed offset, naming it", () => {
    const result = planReset([...positions, { topic: "orders", partition: 2, committed: null, low: 0, high: 9, lag: 9 }], { kind: "shift", shiftBy: 1 });
    expect(result).toEqual({ ok: false, field: "to.shiftBy", message: expect.stringContaining('"orders" partition 2 has no committed offset') });
  });

  it("takes specific offsets as given, clamping those outside the log", () => {
    const result = plan({
      kind: "offsets",
      offsets: [
        { topic: "orders", partition: 0, offset: 7 },
        { topic: "orders", partition: 1, offset: 3 },
      ],
    }).partitions;
    expect(result[0]).toMatchObject({ to: 7, resultingLag: 13 });
    expect(result[1]).toMatchObject({ to: 10, clamped: "low", requested: 3, resultingLag: 30 });
    expect(plan({ kind: "offsets", offsets: [{ topic: "orders", partition: 0, offset: 999 }] }, [positions[1]!]).partitions[0]).toMatchObject({
      to: 20,
      clamped: "high",
      requested: 999,
    });
  });

  it("reports a partition without a given offset instead of guessing", () => {
    expect(planReset(positions, { kind: "offsets", offsets: [{ topic: "orders", partition: 0, offset: 1 }] })).toMatchObject({
      ok: false,
      field: "to.offsets",
    });
  });

  it("goes to the offset found for a time, or to the end when no message is at or after it", () => {
    const atTime: ResetPosition[] = [
      { ...positions[1]!, atTimestamp: 12 },
      { ...positions[0]!, atTimestamp: null },
    ];
    expect(plan({ kind: "timestamp", timestamp: "2026-01-01T00:00:00Z" }, atTime).partitions).toEqual([
      { topic: "orders", partition: 0, from: 5, to: 12, low: 0, high: 20, lag: 15, resultingLag: 8 },
      { topic: "orders", partition: 1, from: 15, to: 40, low: 10, high: 40, lag: 25, resultingLag: 0, noMessageAtOrAfter: true },
    ]);
  });

  it("keeps a group without commits at null and flags estimated lag", () => {
    const result = plan({ kind: "earliest" }, [{ topic: "S", partition: 0, committed: null, low: 3, high: 11, lag: 8, lagIsEstimate: true }]);
    expect(result.partitions[0]).toEqual({ topic: "S", partition: 0, from: null, to: 3, low: 3, high: 11, lag: 8, resultingLag: 8, resultingLagIsEstimate: true });
  });

  it("handles an empty partition (low = high)", () => {
    expect(moves({ kind: "shift", shiftBy: -1 }, [{ topic: "t", partition: 0, committed: 4, low: 4, high: 4, lag: 0 }])).toEqual([
      { partition: 0, from: 4, to: 4, resultingLag: 0 },
    ]);
  });
});

describe("clampOffset", () => {
  it("keeps offsets inside the range and moves the others to the nearest bound", () => {
    expect(clampOffset(5, 0, 10)).toEqual({ to: 5 });
    expect(clampOffset(0, 0, 10)).toEqual({ to: 0 });
    expect(clampOffset(10, 0, 10)).toEqual({ to: 10 });
    expect(clampOffset(-1, 0, 10)).toEqual({ to: 0, clamped: "low" });
    expect(clampOffset(11, 0, 10)).toEqual({ to: 10, clamped: "high" });
  });
});

describe("reset body", () => {
  const parse = (body: unknown) => resetBodySchema.safeParse(body);
  const issue = (body: unknown) => {
    const result = parse(body);
    if (result.success) throw new Error("expected a failure");
    return { field: result.error.issues[0]!.path.join("."), message: result.error.issues[0]!.message };
  };

  it("reads every form of target", () => {
    expect(parse({ to: "earliest" }).data?.to).toEqual({ kind: "earliest" });
    expect(parse({ to: "latest", dryRun: true }).data).toEqual({ to: { kind: "latest" }, dryRun: true });
    expect(parse({ to: { timestamp: "2026-03-01T10:00:00+01:00" } }).data?.to).toEqual({ kind: "timestamp", timestamp: "2026-03-01T10:00:00+01:00" });
    expect(parse({ to: { shiftBy: -5 } }).data?.to).toEqual({ kind: "shift", shiftBy: -5 });
    expect(parse({ to: { offsets: [{ topic: "t", partition: 0, offset: 3 }] }, topics: ["t"] }).data?.to).toEqual({
      kind: "offsets",
      offsets: [{ topic: "t", partition: 0, offset: 3 }],
    });
  });

  it("names the bad field", () => {
    expect(issue({ to: { timestamp: "yesterday" } })).toEqual({ field: "to.timestamp", message: expect.stringContaining("ISO 8601") });
    expect(issue({ to: { timestamp: "2026-03-01T10:00:00" } }).field).toBe("to.timestamp");
    expect(issue({ to: { shiftBy: 1.5 } }).field).toBe("to.shiftBy");
    expect(issue({ to: { offsets: [{ topic: "t", partition: -1, offset: 0 }] } }).field).toBe("to.offsets.0.partition");
    expect(issue({ to: { offsets: [{ topic: "t", partition: 0, offset: -4 }] } }).field).toBe("to.offsets.0.offset");
    expect(issue({ to: { offsets: [{ topic: "t", partition: 0, offset: 1 }, { topic: "t", partition: 0, offset: 2 }] } })).toEqual({
      field: "to.offsets.1",
      message: '"t" partition 0 is listed twice',
    });
    expect(issue({ to: { offsets: [] } }).field).toBe("to.offsets");
    expect(issue({ to: "beginning" })).toEqual({ field: "to", message: expect.stringContaining('expected "earliest"') });
    expect(issue({})).toEqual({ field: "to", message: expect.stringContaining("required") });
    expect(issue({ to: "earliest", topics: [] }).field).toBe("topics");
    expect(issue({ to: "earliest", topics: ["a", "a"] }).field).toBe("topics");
    expect(issue({ to: "earliest", dryRun: "yes" }).field).toBe("dryRun");
  });

  it("refuses unknown keys, so a misspelt dryRun never applies a reset", () => {
    expect(parse({ to: "earliest", dryrun: true }).success).toBe(false);
    expect(parse({ to: { shiftBy: 1, extra: 1 } }).success).toBe(false);
  });

  it("checks specific offsets against topics and derives the scope", () => {
    const body = parse({ to: { offsets: [{ topic: "a", partition: 0, offset: 1 }, { topic: "b", partition: 2, offset: 0 }] }, topics: ["a"] }).data!;
    expect(checkResetBody(body)).toEqual({ ok: false, field: "to.offsets.1.topic", message: expect.stringContaining('"b" is not one of topics') });
    expect(resetScope(body)).toEqual({ partitions: [{ topic: "a", partition: 0 }, { topic: "b", partition: 2 }] });
    const timed = parse({ to: { timestamp: "2026-03-01T09:00:00Z" }, topics: ["a"] }).data!;
    expect(checkResetBody(timed)).toEqual({ ok: true });
    expect(resetScope(timed)).toEqual({ topics: ["a"], timestamp: Date.UTC(2026, 2, 1, 9) });
    expect(resetScope(parse({ to: "latest" }).data!)).toEqual({});
  });
});

describe("refusal messages", () => {
  it("names the member count and what to do", () => {
    expect(activeMembersMessage("kafka", "billing", 2, "Stable")).toBe(
      'Consumer group "billing" has 2 active members (state Stable): Kafka only accepts offset changes for a group with no members. Stop the consumers first, then reset.',
    );
    expect(activeMembersMessage("kafka", "g", 1, "Stable")).toContain("has 1 active member (");
    expect(activeMembersMessage("nats", "S.c", 3, "Active")).toContain("3 waiting pull requests");
  });
});

describe("JetStream reset support", () => {
  it("parses server versions", () => {
    expect(parseServerVersion("2.9.10")).toEqual([2, 9, 10]);
    expect(parseServerVersion("v2.14.0-beta")).toEqual([2, 14, 0]);
    expect(parseServerVersion(undefined)).toEqual([0, 0, 0]);
  });

  it("resets in place from 2.14 for the deliver policies that allow it, and recreates otherwise", () => {
    expect(jetstreamResetMethod("2.14.0", { durable_name: "c", deliver_policy: "all" }, "S.c")).toEqual({ method: "reset" });
    expect(jetstreamResetMethod("2.15.1", { durable_name: "c", deliver_policy: "by_start_time" }, "S.c")).toEqual({ method: "reset" });
    const old = jetstreamResetMethod("2.9.10", { durable_name: "c", deliver_policy: "all" }, "S.c");
    expect(old.method).toBe("recreate");
    expect(old.note).toContain("nats-server 2.9.10 cannot move a durable consumer's start in place");
    expect(old.note).toContain("recreate: true");
    const lastPolicy = jetstreamResetMethod("2.14.2", { durable_name: "c", deliver_policy: "new" }, "S.c");
    expect(lastPolicy).toMatchObject({ method: "recreate", note: expect.stringContaining('"S.c" uses new') });
    expect(jetstreamResetMethod("2.14.0", { deliver_policy: "all" }, "S.eph")).toMatchObject({ method: "none", note: expect.stringContaining("ephemeral") });
  });

  it("places the consumer after its ack floor, or after what it was delivered when nothing is outstanding", () => {
    expect(jetstreamPosition({ ack_floor: { stream_seq: 4 }, delivered: { stream_seq: 6 }, num_ack_pending: 2 })).toBe(5);
    expect(jetstreamPosition({ ack_floor: { stream_seq: 0 }, delivered: { stream_seq: 10 }, num_ack_pending: 0 })).toBe(11);
    expect(jetstreamPosition({ ack_floor: { stream_seq: 0 }, delivered: { stream_seq: 0 }, num_ack_pending: 0 })).toBe(1);
    expect(jetstreamPosition({ ack_floor: { stream_seq: 0 }, delivered: { stream_seq: 3 }, num_ack_pending: 3 })).toBeNull();
  });
});

describe("reset form (consumer page)", () => {
  const topics = ["a", "b"];
  const partitions = [
    { topic: "a", partition: 0 },
    { topic: "a", partition: 1 },
    { topic: "b", partition: 0 },
  ];
  const form = (change: Partial<ResetFormState>): ResetFormState => ({ ...initialResetForm, ...change });

  it("builds each kind of body, leaving topics out when all are chosen", () => {
    expect(buildResetBody(form({ mode: "latest" }), topics, partitions)).toEqual({ ok: true, body: { to: "latest" } });
    expect(buildResetBody(form({ mode: "earliest", topics: ["b"] }), topics, partitions)).toEqual({ ok: true, body: { to: "earliest", topics: ["b"] } });
    expect(buildResetBody(form({ mode: "shift", shiftBy: " -25 " }), topics, partitions)).toEqual({ ok: true, body: { to: { shiftBy: -25 } } });
    const timed = buildResetBody(form({ mode: "timestamp", time: "2026-01-31T09:30" }), topics, partitions);
    expect(timed.ok && timed.body.to).toEqual({ timestamp: new Date("2026-01-31T09:30").toISOString() });
    const utc = buildResetBody(form({ mode: "timestamp", time: "2026-01-31 09:30:00 UTC" }), topics, partitions, "local");
    expect(utc.ok && utc.body.to).toEqual({ timestamp: "2026-01-31T09:30:00.000Z" });
    expect(buildResetBody(form({ mode: "timestamp", time: "2026-01-31 25:00" }), topics, partitions)).toMatchObject({ ok: false, field: "time" });
    expect(buildResetBody(form({ mode: "offsets", offsets: { [partitionKey("a", 1)]: "12", [partitionKey("b", 0)]: "" } }), topics, partitions)).toEqual({
      ok: true,
      body: { to: { offsets: [{ topic: "a", partition: 1, offset: 12 }] } },
    });
    expect(buildResetBody(form({ mode: "latest", recreate: true }), ["S"], [{ topic: "S", partition: 0 }])).toEqual({ ok: true, body: { to: "latest", recreate: true } });
  });

  it("names the field that is wrong", () => {
    expect(buildResetBody(form({ mode: "shift", shiftBy: "1.5" }), topics, partitions)).toMatchObject({ ok: false, field: "shiftBy" });
    expect(buildResetBody(form({ mode: "shift", shiftBy: "" }), topics, partitions)).toMatchObject({ ok: false, field: "shiftBy" });
    expect(buildResetBody(form({ mode: "timestamp", time: "" }), topics, partitions)).toMatchObject({ ok: false, field: "time" });
    expect(buildResetBody(form({ mode: "offsets" }), topics, partitions)).toMatchObject({ ok: false, field: "offsets" });
    expect(buildResetBody(form({ mode: "offsets", offsets: { [partitionKey("a", 0)]: "-3" } }), topics, partitions)).toMatchObject({
      ok: false,
      field: "offsets",
      message: expect.stringContaining('"a" partition 0'),
    });
    expect(buildResetBody(form({ topics: [] }), topics, partitions)).toMatchObject({ ok: false, field: "topics" });
  });

  it("ignores offsets typed for topics that were unticked", () => {
    const body = buildResetBody(form({ mode: "offsets", topics: ["b"], offsets: { [partitionKey("a", 0)]: "1", [partitionKey("b", 0)]: "2" } }), topics, partitions);
    expect(body).toEqual({ ok: true, body: { to: { offsets: [{ topic: "b", partition: 0, offset: 2 }] } } });
  });

  it("treats a preview as valid only for the same request", () => {
    expect(sameReset({ to: "latest" }, { to: "latest" })).toBe(true);
    expect(sameReset({ to: "latest" }, { to: "earliest" })).toBe(false);
    expect(sameReset({ to: "latest" }, undefined)).toBe(false);
  });
});
