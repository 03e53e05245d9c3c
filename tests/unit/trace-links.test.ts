import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config/load-config";
import { compileRules, maskMessage } from "@/lib/masking/apply-masking";
import { parseTraceparent, parseUberTraceId, traceContextFromHeaders } from "@/lib/trace-links/trace-context";
import { buildTraceUrl, traceLinkTemplateProblem } from "@/lib/trace-links/trace-link-template";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";
const VALID = `00-${TRACE}-${SPAN}-01`;

describe("parseTraceparent", () => {
  it("reads the trace id of the specification's example", () => {
    expect(parseTraceparent(VALID)).toBe(TRACE);
  });

  it("accepts a later version with appended fields, but not version 00 with them", () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01-future-stuff`)).toBe(TRACE);
    expect(parseTraceparent(`${VALID}-extra`)).toBeNull();
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01extra`)).toBeNull();
  });

  it.each([
    ["uppercase trace id", `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ["uppercase version", `0A-${TRACE}-${SPAN}-01`],
    ["all-zero trace id", `00-${"0".repeat(32)}-${SPAN}-01`],
    ["all-zero span id", `00-${TRACE}-${"0".repeat(16)}-01`],
    ["version ff", `ff-${TRACE}-${SPAN}-01`],
    ["short trace id", `00-${TRACE.slice(1)}-${SPAN}-01`],
    ["long trace id", `00-${TRACE}0-${SPAN}-01`],
    ["non-hex", `00-${TRACE.slice(0, 31)}g-${SPAN}-01`],
    ["leading space", ` ${VALID}`],
    ["trailing newline", `${VALID}\n`],
    ["a URL in the id", `00-https://evil.example/${"a".repeat(8)}-${SPAN}-01`],
    ["missing flags", `00-${TRACE}-${SPAN}`],
    ["empty", ""],
    ["very long", `01-${TRACE}-${SPAN}-01-${"x".repeat(100_000)}`],
  ])("rejects %s", (_, value) => {
    expect(parseTraceparent(value)).toBeNull();
  });
});

describe("parseUberTraceId", () => {
  it("reads 64- and 128-bit ids and left-pads shortened ones", () => {
    expect(parseUberTraceId(`${TRACE}:${SPAN}:0:1`)).toBe(TRACE);
    expect(parseUberTraceId("a3ce929d0e0e4736:f067aa0ba902b7:0:01")).toBe("a3ce929d0e0e4736");
    expect(parseUberTraceId("abc:1:0:1")).toBe("0000000000000abc");
    expect(parseUberTraceId("1a3ce929d0e0e4736:1:0:1")).toBe("0000000000000001a3ce929d0e0e4736");
  });

  it("reads uppercase hex (Jaeger's parser does) and gives it lowercase", () => {
    expect(parseUberTraceId(`${TRACE.toUpperCase()}:${SPAN}:0:1`)).toBe(TRACE);
  });

  it.each([
    ["all-zero trace id", `000:${SPAN}:0:1`],
    ["all-zero span id", `${TRACE}:0000:0:1`],
    ["33-digit trace id", `${TRACE}0:${SPAN}:0:1`],
    ["extra field", `${TRACE}:${SPAN}:0:1:5`],
    ["missing field", `${TRACE}:${SPAN}:0`],
    ["non-hex", `${TRACE.slice(0, 31)}z:${SPAN}:0:1`],
    ["URL-encoded separators", `${TRACE}%3A${SPAN}%3A0%3A1`],
    ["injection", `javascript:alert(1):1:0:1`],
    ["very long", `${"a".repeat(100_000)}:${SPAN}:0:1`],
  ])("rejects %s", (_, value) => {
    expect(parseUberTraceId(value)).toBeNull();
  });
});

describe("traceContextFromHeaders", () => {
  it("prefers traceparent, matches names whatever their case, and skips invalid ones", () => {
    expect(traceContextFromHeaders({ "uber-trace-id": "abc:1:0:1", traceparent: VALID })).toEqual({ traceId: TRACE, from: "traceparent" });
    expect(traceContextFromHeaders({ Traceparent: VALID })).toEqual({ traceId: TRACE, from: "traceparent" });
    expect(traceContextFromHeaders({ traceparent: "garbage", "Uber-Trace-Id": "abc:1:0:1" })).toEqual({
      traceId: "0000000000000abc",
      from: "uber-trace-id",
    });
    expect(traceContextFromHeaders({ "x-trace": VALID })).toBeNull();
    expect(traceContextFromHeaders(undefined)).toBeNull();
  });

  it("finds nothing in a masked traceparent or uber-trace-id", () => {
    const message = { key: null, headers: { traceparent: VALID, "uber-trace-id": `${TRACE}:1:0:1` }, value: "{}", encoding: "json" };
    const masked = maskMessage(message, compileRules([{ topic: null, kind: "header", pattern: "*trace*" }]));
    expect(traceContextFromHeaders(masked.headers)).toBeNull();
    // Without the rule the same message has its trace: the masking is what hides it.
    expect(traceContextFromHeaders(maskMessage(message, compileRules([])).headers)?.traceId).toBe(TRACE);
  });
});

describe("trace link template", () => {
  it("builds the link from a valid template", () => {
    expect(traceLinkTemplateProblem("https://jaeger.example/trace/{traceId}")).toBeNull();
    expect(buildTraceUrl("https://jaeger.example/trace/{traceId}", TRACE)).toBe(`https://jaeger.example/trace/${TRACE}`);
    expect(buildTraceUrl("http://tempo.local:3000/explore?trace={traceId}&x=1", "a3ce929d0e0e4736")).toBe(
      "http://tempo.local:3000/explore?trace=a3ce929d0e0e4736&x=1",
    );
  });

  it("builds nothing from an id that is not plain hex, nor without a template", () => {
    expect(buildTraceUrl("https://jaeger.example/trace/{traceId}", "../../admin")).toBeNull();
    expect(buildTraceUrl("https://jaeger.example/trace/{traceId}", TRACE.toUpperCase())).toBeNull();
    expect(buildTraceUrl("https://jaeger.example/trace/{traceId}", "abc")).toBeNull();
    expect(buildTraceUrl(null, TRACE)).toBeNull();
    expect(buildTraceUrl("javascript:alert({traceId})", TRACE)).toBeNull();
  });

  it.each([
    ["javascript:", "javascript:alert('{traceId}')"],
    ["data:", "data:text/html,<script>{traceId}</script>"],
    ["scheme-relative", "//jaeger.example/trace/{traceId}"],
    ["relative", "/trace/{traceId}"],
    ["no placeholder", "https://jaeger.example/trace/"],
    ["two placeholders", "https://jaeger.example/trace/{traceId}/{traceId}"],
    ["other placeholder", "https://jaeger.example/{service}/{traceId}"],
    ["misspelt placeholder", "https://jaeger.example/trace/{traceid}"],
    ["placeholder in the host", "https://{traceId}.jaeger.example/"],
    ["placeholder as the host", "https://{traceId}/"],
    ["credentials", "https://user:pass@jaeger.example/trace/{traceId}"],
    ["spaces", "https://jaeger.example/trace /{traceId}"],
    ["newline", "https://jaeger.example/trace/{traceId}\n"],
    ["quote breaking out of an attribute", 'https://jaeger.example/"><script>{traceId}'],
    ["ftp", "ftp://jaeger.example/{traceId}"],
    ["very long", `https://jaeger.example/${"a".repeat(5000)}/{traceId}`],
  ])("rejects a template with %s", (_, template) => {
    expect(traceLinkTemplateProblem(template)).not.toBeNull();
  });
});

describe("traceLinks in the config file", () => {
  it("is optional and keeps a valid template", () => {
    expect(parseConfig("{}", "test.json").traceLinks).toBeUndefined();
    const config = parseConfig(JSON.stringify({ traceLinks: { urlTemplate: "https://jaeger.example/trace/{traceId}" } }), "test.json");
    expect(config.traceLinks?.urlTemplate).toBe("https://jaeger.example/trace/{traceId}");
  });

  it("refuses a bad template at load, naming the field", () => {
    const load = () => parseConfig(JSON.stringify({ traceLinks: { urlTemplate: "javascript:alert({traceId})" } }), "test.json");
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/traceLinks\.urlTemplate: trace link template/);
  });
});
