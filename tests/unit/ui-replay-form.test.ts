import { describe, expect, it } from "vitest";
import {
  buildReplayBody,
  initialReplayForm,
  parsePartitions,
  replayCountLead,
  replayFieldOf,
  replayRequestKey,
  type ReplayForm,
} from "@/lib/client/replay-form";

const partitions = [
  { partition: 0, low: 5, high: 100, messages: 95 },
  { partition: 1, low: 0, high: 40, messages: 40 },
  { partition: 2, low: 0, high: 0, messages: 0 },
];
const NOW = new Date(Date.UTC(2024, 4, 1, 12, 30, 15, 400));
const form = (extra: Partial<ReplayForm> = {}): ReplayForm => ({ ...initialReplayForm(partitions, NOW), target: "orders.replayed", ...extra });
const kafka = { clusterKind: "kafka" as const, partitions: [0, 1, 2] };
const nats = { clusterKind: "nats" as const, partitions: [0] };

describe("replay form defaults", () => {
  it("opens on the last hour by time, every partition, the default rate, offsets spanning the topic", () => {
    const initial = initialReplayForm(partitions, NOW);
    expect(initial).toMatchObject({ partitions: "all", mode: "time", fromTime: "2024-05-01 11:30:15 UTC", toTime: "2024-05-01 12:30:15 UTC", target: "", rate: "10000" });
    expect(initial).toMatchObject({ fromOffset: "0", toOffset: "99" });
    expect(initialReplayForm([], NOW)).toMatchObject({ fromOffset: "0", toOffset: "0" });
  });

  it("shows the times in the chosen zone, as the tables do, and reads them back", () => {
    const local = initialReplayForm(partitions, NOW, "local");
    expect(local.toTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d$/);
    const built = buildReplayBody({ ...local, target: "orders.replayed" }, { ...kafka, zone: "utc" });
    expect(built).toMatchObject({ ok: true, body: { from: { timestamp: "2024-05-01T11:30:15.000Z" }, to: { timestamp: "2024-05-01T12:30:15.000Z" } } });
  });

  it("reads a time without a zone in the chosen zone, and names what is wrong in a bad one", () => {
    const body = (fromTime: string, zone: "utc" | "local") => buildReplayBody(form({ fromTime, toTime: "2030-01-01 00:00 UTC" }), { ...kafka, zone });
    expect(body("2024-05-01 10:00", "utc")).toMatchObject({ ok: true, body: { from: { timestamp: "2024-05-01T10:00:00.000Z" } } });
    expect(body("2024-05-01 10:00", "local")).toMatchObject({ ok: true, body: { from: { timestamp: new Date(2024, 4, 1, 10).toISOString() } } });
    expect(body("2024-05-01 10:00 +02:00", "local")).toMatchObject({ ok: true, body: { from: { timestamp: "2024-05-01T08:00:00.000Z" } } });
    expect(body("2024-02-30 10:00", "utc")).toMatchObject({ ok: false, field: "from", message: expect.stringMatching(/no day 30/) });
    expect(body("yesterday", "utc")).toMatchObject({ ok: false, field: "from" });
  });
});

describe("partitions", () => {
  it("reads all, lists and ranges, sorted and without repeats", () => {
    expect(parsePartitions("all", [0, 1, 2])).toEqual({ ok: true, partitions: undefined });
    expect(parsePartitions("  ", [0, 1, 2])).toEqual({ ok: true, partitions: undefined });
    expect(parsePartitions("2, 0 1-2", [0, 1, 2])).toEqual({ ok: true, partitions: [0, 1, 2] });
  });

  it("names what is wrong", () => {
    expect(parsePartitions("3", [0, 1, 2])).toMatchObject({ ok: false, message: "Partition 3 does not exist (the topic has 3)" });
    expect(parsePartitions("2-1", [0, 1, 2])).toMatchObject({ ok: false, message: "The range 2-1 runs backwards" });
    expect(parsePartitions("x", [0, 1, 2])).toMatchObject({ ok: false, message: expect.stringContaining("“x” is not a partition number") });
  });
});

describe("the request body", () => {
  it("a Kafka time range over every partition", () => {
    expect(buildReplayBody(form(), kafka)).toEqual({
      ok: true,
      body: {
        from: { timestamp: "2024-05-01T11:30:15.000Z" },
        to: { timestamp: "2024-05-01T12:30:15.000Z" }, // whole seconds, as the form shows them
        target: "orders.replayed",
        ratePerSec: 10_000,
      },
    });
  });

  it("a Kafka offset range of chosen partitions, as a dry run", () => {
    const built = buildReplayBody(form({ mode: "offset", partitions: "0", fromOffset: "10", toOffset: "1,000", rate: "500" }), { ...kafka, dryRun: true });
    expect(built).toEqual({ ok: true, body: { from: { offset: 10 }, to: { offset: 1000 }, partitions: [0], target: "orders.replayed", ratePerSec: 500, dryRun: true } });
  });

  it("a JetStream sequence range to a subject, never with partitions", () => {
    const built = buildReplayBody(form({ mode: "offset", partitions: "7", fromOffset: "1", toOffset: "1", target: " orders.replayed.eu " }), nats);
    expect(built).toEqual({ ok: true, body: { from: { offset: 1 }, to: { offset: 1 }, target: "orders.replayed.eu", ratePerSec: 10_000 } });
  });

  it("names the field of each mistake", () => {
    expect(buildReplayBody(form({ target: "" }), kafka)).toMatchObject({ ok: false, field: "target", message: "Enter the topic to copy the messages to" });
    expect(buildReplayBody(form({ target: "" }), nats)).toMatchObject({ ok: false, field: "target", message: "Enter the subject to copy the messages to" });
    expect(buildReplayBody(form({ target: "orders.>" }), nats)).toMatchObject({ ok: false, field: "target" });
    expect(buildReplayBody(form({ target: "two words" }), kafka)).toMatchObject({ ok: false, field: "target" });
    expect(buildReplayBody(form({ partitions: "9" }), kafka)).toMatchObject({ ok: false, field: "partitions" });
    expect(buildReplayBody(form({ mode: "offset", fromOffset: "" }), kafka)).toMatchObject({ ok: false, field: "from", message: "Enter a first offset" });
    expect(buildReplayBody(form({ mode: "offset", fromOffset: "-1" }), kafka)).toMatchObject({ ok: false, field: "from" });
    expect(buildReplayBody(form({ mode: "offset", fromOffset: "9", toOffset: "3" }), kafka)).toMatchObject({ ok: false, field: "to", message: "The last offset must not be before the first" });
    expect(buildReplayBody(form({ mode: "offset", fromOffset: "9", toOffset: "3" }), nats)).toMatchObject({ ok: false, field: "to", message: "The last sequence must not be before the first" });
    expect(buildReplayBody(form({ fromTime: "2024-05-01T12:00", toTime: "2024-05-01T12:00" }), kafka)).toMatchObject({ ok: false, field: "to", message: "The end must be after the start" });
    expect(buildReplayBody(form({ fromTime: "" }), kafka)).toMatchObject({ ok: false, field: "from" });
    expect(buildReplayBody(form({ rate: "0" }), kafka)).toMatchObject({ ok: false, field: "rate" });
    expect(buildReplayBody(form({ rate: "1000000000" }), kafka)).toMatchObject({ ok: false, field: "rate" });
  });
});

describe("counting before confirming", () => {
  it("a count is for the request it was made for, dry run or not", () => {
    const counted = buildReplayBody(form(), { ...kafka, dryRun: true });
    const sent = buildReplayBody(form(), kafka);
    const changed = buildReplayBody(form({ target: "elsewhere" }), kafka);
    if (!counted.ok || !sent.ok || !changed.ok) throw new Error("bodies should build");
    expect(replayRequestKey(counted.body)).toBe(replayRequestKey(sent.body));
    expect(replayRequestKey(changed.body)).not.toBe(replayRequestKey(sent.body));
  });

  it("maps the server's fields and words the count", () => {
    expect(replayFieldOf("ratePerSec")).toBe("rate");
    expect(replayFieldOf("to")).toBe("to");
    expect(replayFieldOf("body")).toBeNull();
    expect(replayCountLead(1204)).toBe("1,204 messages will be copied to");
    expect(replayCountLead(1)).toBe("1 message will be copied to");
    expect(replayCountLead(0)).toBe("The range holds no message: nothing would be copied.");
  });
});
