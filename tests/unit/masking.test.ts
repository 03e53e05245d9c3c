import { describe, expect, it } from "vitest";
import { MASK, maskAtPath, parseJsonPath } from "@/lib/masking/json-path";
import { compileRules, headerPattern, maskMessage, rulesForTopics } from "@/lib/masking/apply-masking";

const mask = (value: unknown, ...paths: string[]) => {
  let root = structuredClone(value) as Parameters<typeof maskAtPath>[0];
  for (const path of paths) {
    const parsed = parseJsonPath(path);
    if (!parsed.ok) throw new Error(parsed.error);
    root = maskAtPath(root, parsed.segments).value;
  }
  return root;
};

describe("JSON paths", () => {
  it("parses the supported forms and rejects the rest", () => {
    expect(parseJsonPath("$.user.phone")).toEqual({ ok: true, segments: [{ kind: "member", name: "user" }, { kind: "member", name: "phone" }] });
    expect(parseJsonPath("$.items[*].phone").ok).toBe(true);
    expect(parseJsonPath("$['odd key'][2]")).toEqual({ ok: true, segments: [{ kind: "member", name: "odd key" }, { kind: "index", index: 2 }] });
    expect(parseJsonPath("$..phone")).toEqual({ ok: true, segments: [{ kind: "descendant", name: "phone" }] });
    expect(parseJsonPath("$")).toEqual({ ok: true, segments: [] });
    for (const bad of ["user.phone", "$.", "$[", "$.a b", "$[?(@.x)]"]) expect(parseJsonPath(bad).ok).toBe(false);
  });

  it("masks members, elements, wildcards and any depth", () => {
    const order = { user: { phone: "555-0100", name: "Ann" }, items: [{ phone: "1", sku: "a" }, { sku: "b" }], card: { number: "4111" } };
    expect(mask(order, "$.user.phone", "$.card.number")).toEqual({ ...order, user: { phone: MASK, name: "Ann" }, card: { number: MASK } });
    expect(mask(order, "$.items[*].phone")).toEqual({ ...order, items: [{ phone: MASK, sku: "a" }, { sku: "b" }] });
    expect(mask(order, "$.items[1]")).toEqual({ ...order, items: [order.items[0], MASK] });
    expect(mask(order, "$..phone")).toEqual({ ...order, user: { phone: MASK, name: "Ann" }, items: [{ phone: MASK, sku: "a" }, { sku: "b" }] });
    expect(mask(order, "$.card")).toEqual({ ...order, card: MASK });
    expect(mask(order, "$.missing.path", "$.items[9]")).toEqual(order);
    expect(mask(order, "$")).toBe(MASK);
  });

  it("treats a member named __proto__ as data", () => {
    const value = JSON.parse('{"__proto__": {"secret": "s"}, "a": 1}');
    const masked = mask(value, "$..secret") as Record<string, unknown>;
    expect(JSON.stringify(masked)).toBe('{"__proto__":{"secret":"***"},"a":1}');
    expect(({} as Record<string, unknown>).secret).toBeUndefined();
  });
});

describe("masking messages", () => {
  const message = {
    partition: 0,
    offset: 1,
    headers: { Authorization: "Bearer abc", "x-secret-id": "42", trace: "t-1" },
    value: JSON.stringify({ user: { phone: "555-0100" }, total: 3 }, null, 2),
    encoding: "json",
  };
  const rules = [
    { topic: "orders", kind: "json-path", pattern: "$.user.phone" },
    { topic: null, kind: "header", pattern: "authorization" },
    { topic: null, kind: "header", pattern: "x-secret-*" },
    { topic: "payments", kind: "json-path", pattern: "$.total" },
  ];

  it("applies global rules and the topic's own, header names case-insensitively", () => {
    const masked = maskMessage(message, compileRules(rulesForTopics(rules, ["orders"])));
    expect(masked.headers).toEqual({ Authorization: "***", "x-secret-id": "***", trace: "t-1" });
    expect(JSON.parse(masked.value!)).toEqual({ user: { phone: "***" }, total: 3 });
    expect(masked.value).toBe(JSON.stringify({ user: { phone: "***" }, total: 3 }, null, 2));
    expect(masked.masked).toBe(true);
    expect(JSON.stringify(masked)).not.toContain("555-0100");
    expect(message.value).toContain("555-0100");
  });

  it("leaves a message untouched when no rule matches", () => {
    const untouched = maskMessage({ ...message, headers: {} }, compileRules(rulesForTopics(rules, ["payments-x"])));
    expect(untouched).toEqual({ ...message, headers: {} });
    expect("masked" in untouched).toBe(false);
  });

  it("withholds JSON it cannot read (cut at the size limit), keeps plain text and binary", () => {
    const compiled = compileRules([{ topic: null, kind: "json-path", pattern: "$.user.phone" }]);
    const cut = maskMessage({ ...message, headers: {}, value: '{"user": {"phone": "555-01', encoding: "text", truncated: true }, compiled);
    expect(cut).toMatchObject({ value: "***", masked: true });
    expect(maskMessage({ ...message, headers: {}, value: "plain log line", encoding: "text" }, compiled).value).toBe("plain log line");
    expect(maskMessage({ ...message, headers: {}, value: "AAEC", encoding: "base64" }, compiled).value).toBe("AAEC");
  });

  it("matches header patterns as whole names with * wildcards", () => {
    expect(headerPattern("x-secret-*").test("X-Secret-Token")).toBe(true);
    expect(headerPattern("auth").test("authorization")).toBe(false);
    expect(headerPattern("a.b").test("axb")).toBe(false);
  });
});

describe("masking keys", () => {
  const message = (key: string | null) => ({ key, headers: {}, value: '{"a":1}', encoding: "json" });
  const keyRules = (...patterns: string[]) => compileRules(patterns.map((pattern) => ({ topic: null, kind: "key", pattern })));

  it("masks the whole key with $, and a field of a JSON key with a deeper path", () => {
    expect(maskMessage(message("customer-4711"), keyRules("$"))).toMatchObject({ key: "***", value: '{"a":1}', masked: true });
    expect(maskMessage(message('{"tenant":"t1","customerId":"c-4711"}'), keyRules("$.customerId")).key).toBe('{"tenant":"t1","customerId":"***"}');
  });

  it("masks a key that is not JSON whole under any key rule, and leaves a JSON key the path misses", () => {
    expect(maskMessage(message("customer-4711"), keyRules("$.customerId")).key).toBe("***");
    expect(maskMessage(message("base64:AAEC"), keyRules("$.id")).key).toBe("***");
    expect(maskMessage(message("{not json"), keyRules("$.id")).key).toBe("***");
    const untouched = message('{"tenant":"t1"}');
    expect(maskMessage(untouched, keyRules("$.customerId"))).toBe(untouched);
  });

  it("leaves messages without a key alone, and keys alone under value and header rules", () => {
    const none = message(null);
    expect(maskMessage(none, keyRules("$"))).toBe(none);
    const valueRule = compileRules([{ topic: null, kind: "json-path", pattern: "$" }]);
    expect(maskMessage(message("k-1"), valueRule)).toMatchObject({ key: "k-1", masked: true });
  });
});

describe("a value nested deeper than masking walks", () => {
  it("is withheld whole instead of overflowing the stack (a poisoned [[[[...]]]] under a $..x rule)", async () => {
    const { MAX_MASK_DEPTH } = await import("@/lib/masking/json-path");
    const deep = "[".repeat(20_000) + "]".repeat(20_000);
    const rules = compileRules([{ topic: null, kind: "json-path", pattern: "$..x" }, { topic: null, kind: "key", pattern: "$..x" }]);
    expect(maskMessage({ key: deep, headers: {}, value: deep, encoding: "json" }, rules)).toMatchObject({ key: "***", value: '"***"', masked: true });
    // Just within the limit, it is walked and left alone.
    const shallow = "[".repeat(MAX_MASK_DEPTH) + "]".repeat(MAX_MASK_DEPTH);
    const message = { key: null, headers: {}, value: shallow, encoding: "json" };
    expect(maskMessage(message, rules)).toBe(message);
  });
});
