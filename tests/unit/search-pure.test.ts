import { describe, expect, it } from "vitest";
import { decodeMessage, messageMatches } from "@/lib/messages/decode-message";
import { compileNeedle, indexOfAsciiFolded } from "@/lib/search/byte-match";
import { createScanBudget, stopReason } from "@/lib/search/scan-budget";
import { decodeSearchCursor, encodeSearchCursor } from "@/lib/search/search-cursor";

const fields = (value: string | Buffer | null, extra: { key?: string; headers?: Record<string, string>; subject?: string } = {}) => ({
  key: extra.key === undefined ? null : Buffer.from(extra.key),
  value: value === null ? null : Buffer.isBuffer(value) ? value : Buffer.from(value),
  headers: Object.fromEntries(Object.entries(extra.headers ?? {}).map(([name, text]) => [name, Buffer.from(text)])),
  ...(extra.subject !== undefined ? { subject: extra.subject } : {}),
});

describe("byte pre-filter", () => {
  it("finds ASCII text in any case, in value, key, header names and values, and subject", () => {
    const needle = compileNeedle("Order-42");
    expect(needle.matches(fields('{"id":"ORDER-42"}'))).toBe(true);
    expect(needle.matches(fields('{"id":"order-42"}'))).toBe(true);
    expect(needle.matches(fields("x", { key: "oRdEr-42" }))).toBe(true);
    expect(needle.matches(fields("x", { headers: { trace: "order-42" } }))).toBe(true);
    expect(needle.matches(fields("x", { headers: { "Order-42": "" } }))).toBe(true);
    expect(needle.matches(fields("x", { subject: "orders.ORDER-42" }))).toBe(true);
    expect(needle.matches(fields('{"id":"order-43"}', { key: "order-4", headers: { a: "rder-42" } }))).toBe(false);
    expect(needle.matches(fields(null))).toBe(false);
  });

  it("folds only ASCII letters: punctuation and digits must be equal", () => {
    expect(indexOfAsciiFolded(Buffer.from("xx[AB]"), Buffer.from("[ab]"))).toBe(2);
    expect(indexOfAsciiFolded(Buffer.from("xx{ab}"), Buffer.from("[ab]"))).toBe(-1);
    expect(indexOfAsciiFolded(Buffer.from("ab"), Buffer.from("abc"))).toBe(-1);
    expect(indexOfAsciiFolded(Buffer.from("aaab"), Buffer.from("aab"))).toBe(1);
  });

  it("never rejects what messageMatches accepts: the two non-ASCII letters whose lower case is ASCII", () => {
    // "İ".toLowerCase() is "i̇" and the Kelvin sign lower-cases to "k": messageMatches finds "i" / "k" in them.
    for (const [text, q] of [["\u0130stanbul", "i"], ["5 \u212a", "5 k"]] as const) {
      const decoded = decodeMessage({ partition: 0, offset: 0, timestamp: "", key: null, headers: {}, value: Buffer.from(text) });
      expect(messageMatches(decoded, q)).toBe(true);
      expect(compileNeedle(q).matches(fields(text))).toBe(true);
    }
  });

  it("matches non-ASCII needles by lower-cased UTF-8 text", () => {
    const needle = compileNeedle("Müller");
    expect(needle.matches(fields('{"name":"MÜLLER"}'))).toBe(true);
    expect(needle.matches(fields('{"name":"Muller"}'))).toBe(false);
  });

  it("agrees with messageMatches on a sample of plain values", () => {
    const values = ["hello World", "HELLO", '{"a":"héllo wörld"}', "abc\u0130", "ÄÖÜ", "nothing here"];
    for (const q of ["hello", "WORLD", "ö", "i", "Ü", "here"]) {
      const needle = compileNeedle(q);
      for (const value of values) {
        const decoded = decodeMessage({ partition: 0, offset: 0, timestamp: "", key: null, headers: {}, value: Buffer.from(value) });
        // The pre-filter may accept more (a later check rejects), never less.
        if (messageMatches(decoded, q)) expect(needle.matches(fields(value))).toBe(true);
      }
    }
  });
});

describe("search cursor", () => {
  it("round-trips positions, URL-safe", () => {
    const positions = [
      { partition: 0, offset: 1_234_567 },
      { partition: 7, offset: 0 },
      { partition: 1023, offset: Number.MAX_SAFE_INTEGER },
    ];
    const cursor = encodeSearchCursor(positions);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSearchCursor(cursor)).toEqual(positions);
  });

  it("refuses anything else with a 400 naming cursor", () => {
    const bad = [
      "",
      "not base64!",
      Buffer.from("s2:0.1").toString("base64url"),
      Buffer.from("s1:").toString("base64url"),
      Buffer.from("s1:0.1,0.2").toString("base64url"),
      Buffer.from("s1:0.-1").toString("base64url"),
      Buffer.from("s1:0.99999999999999999").toString("base64url"),
    ];
    for (const cursor of bad) {
      expect(() => decodeSearchCursor(cursor), cursor).toThrow(/cursor/);
      try {
        decodeSearchCursor(cursor);
      } catch (error) {
        expect((error as { code?: string }).code).toBe("invalid-input");
      }
    }
  });
});

describe("scan budget", () => {
  it("stops exactly at the scan limit", () => {
    const budget = createScanBudget({ scanLimit: 3, timeBudgetMs: 10_000, now: () => 0 });
    expect([budget.spendOne(), budget.spendOne(), budget.spendOne()]).toEqual([false, false, true]);
    expect(budget.scanned).toBe(3);
    expect(budget.reason).toBe("scanLimit");
  });

  it("stops on time, reading the clock only every 1,024 messages or between reads", () => {
    let clock = 0;
    let reads = 0;
    const budget = createScanBudget({ scanLimit: 1_000_000, timeBudgetMs: 100, now: () => (reads++, clock) });
    clock = 100;
    let stoppedAt = 0;
    for (let i = 1; i <= 5000; i++) {
      if (budget.spendOne()) {
        stoppedAt = i;
        break;
      }
    }
    expect(stoppedAt).toBe(1024);
    expect(reads).toBe(2); // once at creation, once at the 1,024th message
    expect(budget.reason).toBe("timeBudget");
    expect(budget.outOfTime()).toBe(true);
  });

  it("names why a scan stopped", () => {
    expect(stopReason({ matchesFull: true, budget: "scanLimit", ended: false })).toBe("matches");
    expect(stopReason({ matchesFull: false, budget: "scanLimit", ended: false })).toBe("scanLimit");
    expect(stopReason({ matchesFull: false, budget: null, ended: true })).toBe("end");
    expect(stopReason({ matchesFull: false, budget: "timeBudget", ended: false })).toBe("timeBudget");
    // The limit spent on the last message: nothing is left, so it is the end.
    expect(stopReason({ matchesFull: false, budget: "scanLimit", ended: true })).toBe("end");
  });
});
