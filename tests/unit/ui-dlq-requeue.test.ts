import { describe, expect, it } from "vitest";
import {
  buildRequeueBody,
  describeDestination,
  dryRunSentence,
  headersToSet,
  initialRequeueForm,
  messagesWithRecords,
  originalDestinationOf,
  parseRate,
  requeueFieldOf,
  valueEditBlocker,
  type RequeueForm,
} from "@/lib/client/dlq-requeue";

const form = (extra: Partial<RequeueForm> = {}): RequeueForm => ({ ...initialRequeueForm(), ...extra });

describe("requeue body", () => {
  it("sends selected ids with the default rate", () => {
    expect(buildRequeueBody({ ids: ["0-1", "0-2"] }, form())).toEqual({ ok: true, body: { ids: ["0-1", "0-2"], ratePerSec: 10_000 } });
  });

  it("sends a filter or all, and marks a dry run", () => {
    expect(buildRequeueBody({ filter: { error: "boom" } }, form(), { dryRun: true })).toEqual({
      ok: true,
      body: { filter: { error: "boom" }, dryRun: true, ratePerSec: 10_000 },
    });
    expect(buildRequeueBody({ all: true }, form({ rate: "" }))).toEqual({ ok: true, body: { all: true } });
  });

  it("carries target, rate, dropped and set headers", () => {
    const built = buildRequeueBody(
      { all: true },
      form({
        target: "  orders.retry ",
        rate: "2,500",
        dropHeaders: ["x-error", "x-error", " "],
        setHeaders: [
          { name: "x-replayed", value: "yes" },
          { name: "", value: "" },
        ],
      }),
    );
    expect(built).toEqual({
      ok: true,
      body: { all: true, target: "orders.retry", ratePerSec: 2500, dropHeaders: ["x-error"], setHeaders: { "x-replayed": "yes" } },
    });
  });

  it("sends an edited value for a single message only", () => {
    expect(buildRequeueBody({ ids: ["0-1"] }, form({ editValue: true, value: '{"fixed":true}' }))).toEqual({
      ok: true,
      body: { ids: ["0-1"], ratePerSec: 10_000, value: '{"fixed":true}' },
    });
    expect(buildRequeueBody({ ids: ["0-1", "0-2"] }, form({ editValue: true, value: "x" }))).toMatchObject({ ok: false, field: "value" });
    expect(buildRequeueBody({ all: true }, form({ editValue: true }))).toMatchObject({ ok: false, field: "value" });
    // An empty edited value is a real value (an empty payload), not "no edit".
    expect(buildRequeueBody({ ids: ["0-1"] }, form({ editValue: true, value: "" }))).toMatchObject({ ok: true, body: { value: "" } });
  });

  it("names the field of a bad input", () => {
    expect(buildRequeueBody({ all: true }, form({ rate: "0" }))).toMatchObject({ ok: false, field: "rate" });
    expect(buildRequeueBody({ all: true }, form({ rate: "1000000000" }))).toMatchObject({ ok: false, field: "rate" });
    expect(buildRequeueBody({ all: true }, form({ rate: "12.5" }))).toMatchObject({ ok: false, field: "rate" });
    expect(buildRequeueBody({ all: true }, form({ target: "two words" }))).toMatchObject({ ok: false, field: "target" });
    expect(buildRequeueBody({ all: true }, form({ target: "orders.>" }), { clusterKind: "nats" })).toMatchObject({ ok: false, field: "target" });
    expect(buildRequeueBody({ all: true }, form({ setHeaders: [{ name: "", value: "v" }] }))).toMatchObject({ ok: false, field: "setHeaders" });
    expect(buildRequeueBody({ ids: [] }, form())).toMatchObject({ ok: false });
  });

  it("does not change the selector it was given", () => {
    const selector = { ids: ["0-1"] };
    const built = buildRequeueBody(selector, form());
    if (built.ok && "ids" in built.body) built.body.ids.push("x");
    expect(selector.ids).toEqual(["0-1"]);
  });
});

describe("requeue and clear the record", () => {
  it("asks the server to clear the records of chosen messages only", () => {
    expect(buildRequeueBody({ ids: ["0-1"] }, form({ clearRecords: true }))).toEqual({
      ok: true,
      body: { ids: ["0-1"], ratePerSec: 10_000, clearIdempotencyRecords: true },
    });
    expect(initialRequeueForm(null, { clearRecords: true }).clearRecords).toBe(true);
    expect(initialRequeueForm().clearRecords).toBe(false);
    expect(buildRequeueBody({ all: true }, form({ clearRecords: true }))).toMatchObject({ ok: false, field: "clearRecords" });
    expect(buildRequeueBody({ filter: { error: "x" } }, form({ clearRecords: true }))).toMatchObject({ ok: false, field: "clearRecords" });
    const many = Array.from({ length: 1001 }, (_, i) => `0-${i}`);
    expect(buildRequeueBody({ ids: many }, form({ clearRecords: true }))).toMatchObject({ ok: false, field: "clearRecords" });
  });

  it("counts the chosen messages whose event has a record, and maps the server's field", () => {
    const mark = { store: "orders-redis", key: "processed:1", ttlSeconds: 30 };
    expect(messagesWithRecords([{ processed: mark }, { processed: null }, {}, { processed: mark }])).toBe(2);
    expect(requeueFieldOf("clearIdempotencyRecords")).toBe("clearRecords");
  });
});

describe("requeue form pieces", () => {
  it("parses rates", () => {
    expect(parseRate("100000")).toEqual({ ok: true, rate: 100_000 });
    expect(parseRate("100001").ok).toBe(false);
    expect(parseRate("1_000")).toEqual({ ok: true, rate: 1000 });
    expect(parseRate(" ")).toEqual({ ok: true, rate: undefined });
  });

  it("refuses a header set twice, whatever its case", () => {
    expect(headersToSet([{ name: "A", value: "1" }, { name: "a", value: "2" }]).ok).toBe(false);
  });

  it("prefills the value of a text message, never of a binary one", () => {
    expect(initialRequeueForm({ value: '{"a":1}', encoding: "json" }).value).toBe('{"a":1}');
    expect(initialRequeueForm({ value: "AAEC", encoding: "base64" }).value).toBe("");
  });

  it("says why a value cannot be edited", () => {
    expect(valueEditBlocker(null)).toMatch(/exactly one/);
    expect(valueEditBlocker({ encoding: "base64", value: "AA==" })).toMatch(/binary/);
    expect(valueEditBlocker({ encoding: "json", value: "{", truncated: true })).toMatch(/start/);
    expect(valueEditBlocker({ encoding: "text", value: "hello" })).toBeNull();
  });

  it("maps server fields to form fields", () => {
    expect(requeueFieldOf("ratePerSec")).toBe("rate");
    expect(requeueFieldOf("target")).toBe("target");
    expect(requeueFieldOf("ids")).toBeNull();
    expect(requeueFieldOf(undefined)).toBeNull();
  });
});

describe("requeue destination words", () => {
  it("names the target, one original, several, or none", () => {
    expect(describeDestination({ target: "retry", originals: ["a"] })).toBe("retry");
    expect(describeDestination({ target: "", originals: ["orders", "orders"] })).toBe("orders");
    expect(describeDestination({ target: "", originals: ["b", "a"] })).toBe("their original topics (a, b)");
    expect(describeDestination({ target: "", originals: ["a", "b", "c", "d", "e"] })).toBe("their original topics (a, b, c, +2)");
    expect(describeDestination({ target: "", originals: [], clusterKind: "nats" })).toBe("each message's original subject");
  });

  it("uses the original subject on JetStream", () => {
    expect(originalDestinationOf({ originalTopic: "ORDERS", originalSubject: "orders.created" }, "nats")).toBe("orders.created");
    expect(originalDestinationOf({ originalTopic: "orders", originalSubject: undefined }, "kafka")).toBe("orders");
    expect(originalDestinationOf({ originalTopic: null }, "kafka")).toBeNull();
  });

  it("words the dry-run result", () => {
    expect(dryRunSentence(1, "orders")).toBe("1 message will be sent to orders");
    expect(dryRunSentence(1234, "orders")).toBe("1,234 messages will be sent to orders");
  });
});
