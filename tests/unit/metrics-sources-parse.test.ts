import { describe, expect, it } from "vitest";
import { linesOf, outcomeOf, parseOutcomes, parseSampleValue } from "@/lib/metrics-sources/parse-outcomes";

// The exposition of a service that reports event_processed_total{type, status} (the seeds' 001_*),
// with the format's rough edges: HELP/TYPE and free comments, escapes in label values, timestamps,
// other labels, other metrics around it.
const EXPOSITION = [
  "# HELP event_processed_total Events processed, by type and outcome.",
  "# TYPE event_processed_total counter",
  'event_processed_total{type="order_paid",status="success"} 120',
  'event_processed_total{type="order_paid",status="failure"} 6 1733540000000',
  "# a free comment between samples",
  'event_processed_total{type="order.created",status="success",instance="a"} 10',
  'event_processed_total{type="order.created",status="success",instance="b"} 5',
  'event_processed_total{type="order.created",status="error",instance="a"} 2',
  'event_processed_total{type="order.created",status="duplicate"} 3',
  'event_processed_total{type="say \\"hi\\"\\\\n",status="ok"} 1',
  "# TYPE http_requests_total counter",
  'http_requests_total{code="200"} 1027',
  "",
].join("\n");

describe("parseOutcomes", () => {
  it("adds up successes and failures per type, across other labels, reading escapes and ignoring timestamps", () => {
    const parsed = parseOutcomes(EXPOSITION);
    expect(parsed.found).toBe(true);
    expect(parsed.byType.get("order_paid")).toEqual({ success: 120, failure: 6, other: {} });
    expect(parsed.byType.get("order.created")).toEqual({ success: 15, failure: 2, other: { duplicate: 3 } });
    // The label value `say \"hi\"\\n` is the text: say "hi"\n (a backslash and an n, the \\ being one backslash).
    expect(parsed.byType.get('say "hi"\\n')).toEqual({ success: 1, failure: 0, other: {} });
    expect([...parsed.byType.keys()]).not.toContain(undefined);
  });

  it("counts samples without the type or status label as skipped, never as a type", () => {
    const parsed = parseOutcomes(
      ['event_processed_total{status="success"} 4', 'event_processed_total{type="a"} 4', "event_processed_total 9", 'event_processed_total{type="a",status="success"} 1'].join("\n"),
    );
    expect(parsed.skipped.missingLabels).toBe(3);
    expect([...parsed.byType.keys()]).toEqual(["a"]);
  });

  it("leaves NaN, +Inf, -Inf and negative values out", () => {
    const parsed = parseOutcomes(
      [
        'event_processed_total{type="a",status="success"} NaN',
        'event_processed_total{type="b",status="success"} +Inf',
        'event_processed_total{type="c",status="failure"} -Inf',
        'event_processed_total{type="d",status="failure"} -3',
        'event_processed_total{type="e",status="failure"} 2.5e1',
      ].join("\n"),
    );
    expect(parsed.skipped).toMatchObject({ notFinite: 3, negative: 1 });
    expect([...parsed.byType.keys()]).toEqual(["e"]);
    expect(parsed.byType.get("e")?.failure).toBe(25);
  });

  it("finds an OpenMetrics family named without _total, and a counter configured under another name", () => {
    const openMetrics = ["# TYPE event_processed counter", 'event_processed_total{type="a",status="success"} 3', "# EOF"].join("\n");
    expect(parseOutcomes(openMetrics).byType.get("a")?.success).toBe(3);
    const custom = ['jobs_done{kind="x",result="failed"} 2'].join("\n");
    expect(parseOutcomes(custom, { counter: "jobs_done", typeLabel: "kind", statusLabel: "result" }).byType.get("x")?.failure).toBe(2);
  });

  it("hands the parser only the counter's lines (and its HELP/TYPE), never a metric whose name merely starts the same", () => {
    const text = [
      "# HELP event_processed_total Events.",
      "# TYPE event_processed_total counter",
      'event_processed_total{type="a",status="success"} 1',
      "event_processed_total 2",
      "  event_processed_total\t{type=\"b\",status=\"failure\"} 3",
      "# TYPE event_processed_total_created gauge",
      'event_processed_total_created{type="a",status="success"} 1.7e9',
      'http_requests_total{path="event_processed_total{"} 5',
      "# a comment naming event_processed_total",
    ].join("\n");
    expect(linesOf(text, new Set(["event_processed_total"])).split("\n")).toEqual([
      "# HELP event_processed_total Events.",
      "# TYPE event_processed_total counter",
      'event_processed_total{type="a",status="success"} 1',
      "event_processed_total 2",
      'event_processed_total\t{type="b",status="failure"} 3',
      "",
    ]);
    expect(parseOutcomes(text).byType.get("b")?.failure).toBe(3);
  });

  it("reads the last sample of an exposition without a final newline", () => {
    expect(parseOutcomes('event_processed_total{type="a",status="success"} 7').byType.get("a")?.success).toBe(7);
  });

  it("says when the counter is not there", () => {
    const parsed = parseOutcomes('other_total{type="a",status="success"} 1\n');
    expect(parsed.found).toBe(false);
    expect(parsed.byType.size).toBe(0);
  });

  it("keeps at most maxTypes types", () => {
    const lines = Array.from({ length: 20 }, (_, index) => `event_processed_total{type="t${index}",status="success"} 1`);
    const parsed = parseOutcomes(lines.join("\n"), { maxTypes: 5 });
    expect(parsed.byType.size).toBe(5);
    expect(parsed.skipped.overTypeLimit).toBe(15);
  });

  it("throws on a line that is not the text format (the caller reports it)", () => {
    expect(() => parseOutcomes('event_processed_total{type=order_paid,status="success"} 1\n')).toThrow(/invalid line/i);
  });
});

describe("parseSampleValue and outcomeOf", () => {
  it("reads the text format's special values", () => {
    expect(parseSampleValue("+Inf")).toBe(Infinity);
    expect(parseSampleValue("Inf")).toBe(Infinity);
    expect(parseSampleValue("-Inf")).toBe(-Infinity);
    expect(parseSampleValue("NaN")).toBeNaN();
    expect(parseSampleValue("")).toBeNaN();
    expect(parseSampleValue("1.5e3")).toBe(1500);
  });

  it("sorts statuses into success, failure and other", () => {
    expect(outcomeOf("success")).toBe("success");
    expect(outcomeOf("OK")).toBe("success");
    expect(outcomeOf("failure")).toBe("failure");
    expect(outcomeOf("error")).toBe("failure");
    expect(outcomeOf("duplicate")).toBe("other");
  });
});
