import { describe, expect, it } from "vitest";
import { errorSignature, exceptionClassOf, normalizeErrorText } from "@/lib/dlq/error-signature";
import { groupByError } from "@/lib/dlq/parse-envelope";

describe("normalizeErrorText", () => {
  it("makes positions and counts one signature", () => {
    const texts = [233, 234, 235].map((n) => `invalid JSON: Unterminated string in JSON at position ${n}`);
    expect(new Set(texts.map(normalizeErrorText))).toEqual(new Set(["invalid JSON: Unterminated string in JSON at position <n>"]));
    expect(normalizeErrorText("inventory database timeout after 250 ms")).toBe("inventory database timeout after <n> ms");
    expect(normalizeErrorText("amount -12.50 below minimum 0")).toBe("amount <n> below minimum <n>");
  });

  it("replaces quoted fragments, also snippets that hold quotes themselves", () => {
    expect(normalizeErrorText(`Unexpected token 'x', "{"order_id": x}" is not valid JSON`)).toBe(`Unexpected token '…', "…" is not valid JSON`);
    expect(normalizeErrorText(`Unexpected token '}', "{"a":}" is not valid JSON`)).toBe(`Unexpected token '…', "…" is not valid JSON`);
    expect(normalizeErrorText("field `total` is required")).toBe("field `…` is required");
    // Two separate quotes stay two, and apostrophes inside words are not quotes.
    expect(normalizeErrorText(`expected "a" or "b"`)).toBe(`expected "…" or "…"`);
    expect(normalizeErrorText("can't parse 'abc': bad input")).toBe("can't parse '…': bad input");
  });

  it("replaces uuids, hex ids and mixed ids, keeping words with digits such as utf8 or v2", () => {
    expect(normalizeErrorText("order 3f2b8c1e-9a4d-4e7b-8c2f-1a2b3c4d5e6f not found")).toBe("order <uuid> not found");
    expect(normalizeErrorText("trace 0af7651916cd43dd8448eb211c80319c failed")).toBe("trace <hex> failed");
    expect(normalizeErrorText("customer cus_8f3k2x9 blocked")).toBe("customer <id> blocked");
    expect(normalizeErrorText("user-10442 unknown")).toBe("<id> unknown");
    expect(normalizeErrorText("bad utf8 in v2 payload")).toBe("bad utf8 in v2 payload");
  });

  it("keeps different causes apart", () => {
    const causes = [
      "missing field: data.order_id",
      "invalid field: data.amount (expected number)",
      "unsupported version: 7",
      "empty message",
      "invalid JSON: Unexpected end of JSON input",
    ];
    expect(new Set(causes.map(normalizeErrorText)).size).toBe(causes.length);
  });

  it("is stable: a signature normalizes to itself", () => {
    const signature = normalizeErrorText(`Unexpected token 'x', "{"a": 12}" is not valid JSON at position 12`);
    expect(normalizeErrorText(signature)).toBe(signature);
  });
});

describe("errorSignature", () => {
  it("prefers an exception class header", () => {
    const headers = { "kafka_dlt-exception-fqcn": "com.fasterxml.jackson.core.JsonParseException" };
    expect(exceptionClassOf(headers)).toBe("com.fasterxml.jackson.core.JsonParseException");
    expect(errorSignature("Unexpected character ('x' (code 120)) at [Source: line: 1, column: 2]", headers)).toBe("com.fasterxml.jackson.core.JsonParseException");
    expect(errorSignature("boom 12", { "x-exception-class": " java.lang.IllegalStateException " })).toBe("java.lang.IllegalStateException");
  });

  it("does not take a coarse error kind (x-error-class) for an exception class", () => {
    expect(errorSignature("unsupported version: 9", { "x-error-class": "poison" })).toBe("unsupported version: <n>");
  });
});

describe("groupByError", () => {
  const at = (minute: number) => `2026-01-01T00:0${minute}:00.000Z`;
  it("groups by signature, with an example, counts and times", () => {
    const groups = groupByError([
      { error: "Unterminated string in JSON at position 233", errorGroup: "Unterminated string in JSON at position <n>", timestamp: at(2), originalTopic: "a" },
      { error: "Unterminated string in JSON at position 234", errorGroup: "Unterminated string in JSON at position <n>", timestamp: at(1), originalTopic: "b" },
      { error: "Unterminated string in JSON at position 235", errorGroup: "Unterminated string in JSON at position <n>", timestamp: at(3), originalTopic: "a" },
      { error: "empty message", errorGroup: "empty message", timestamp: at(4), originalTopic: "a" },
    ]);
    expect(groups).toEqual([
      {
        error: "Unterminated string in JSON at position <n>",
        example: "Unterminated string in JSON at position 233",
        count: 3,
        oldest: at(1),
        newest: at(3),
        originalTopics: ["a", "b"],
      },
      { error: "empty message", example: "empty message", count: 1, oldest: at(4), newest: at(4), originalTopics: ["a"] },
    ]);
  });
});
