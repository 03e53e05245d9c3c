import { describe, expect, it } from "vitest";
import { compileGlob, globTokens, matchesGlob } from "@/lib/idempotency/glob";
import { headerPattern } from "@/lib/masking/apply-masking";
import { parseJsonPath } from "@/lib/masking/json-path";
import { matchTokens, type WildcardToken } from "@/lib/patterns/wildcard-match";

// The glob matcher replaced a RegExp translation that backtracked catastrophically. These tests pin
// (1) the semantics, against the old translation kept here as a reference, on many seeded random
// globs, and (2) the work on pathological patterns, counted in steps (never timed).

/** The translation lib/idempotency/glob.ts used before (globToRegExp), kept as the reference semantics. */
function referenceGlobRegExp(glob: string): RegExp {
  const escapeRegExp = (char: string) => char.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
  const escapeClassChar = (char: string) => char.replace(/[\]\\^-]/g, "\\$&");
  const classEnd = (open: number) => {
    let i = open + 1;
    if (glob[i] === "^") i++;
    if (glob[i] === "]") i++;
    for (; i < glob.length; i++) {
      if (glob[i] === "\\") i++;
      else if (glob[i] === "]") return i;
    }
    return -1;
  };
  const classToRegExp = (body: string) => {
    let negate = false;
    let i = 0;
    if (body[0] === "^") {
      negate = true;
      i = 1;
    }
    let members = "";
    for (; i < body.length; i++) {
      let char = body[i]!;
      if (char === "\\" && i + 1 < body.length) char = body[++i]!;
      if (body[i + 1] === "-" && i + 2 < body.length) {
        let to = body[i + 2]!;
        let skip = 2;
        if (to === "\\" && i + 3 < body.length) {
          to = body[i + 3]!;
          skip = 3;
        }
        const [low, high] = char <= to ? [char, to] : [to, char];
        members += `${escapeClassChar(low)}-${escapeClassChar(high)}`;
        i += skip;
      } else members += escapeClassChar(char);
    }
    if (members === "") return negate ? "[\\s\\S]" : "(?!)";
    return `[${negate ? "^" : ""}${members}]`;
  };
  let source = "^";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === "*") source += "[\\s\\S]*";
    else if (char === "?") source += "[\\s\\S]";
    else if (char === "\\" && i + 1 < glob.length) source += escapeRegExp(glob[++i]!);
    else if (char === "[") {
      const end = classEnd(i);
      if (end === -1) source += "\\[";
      else {
        source += classToRegExp(glob.slice(i + 1, end));
        i = end;
      }
    } else source += escapeRegExp(char);
  }
  return new RegExp(`${source}$`);
}

/** A small seeded generator (mulberry32), so a failure repeats. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (alphabet: string, max: number) => {
    const length = Math.floor(next() * (max + 1));
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  return { pick };
}

describe("globs: same semantics as the RegExp translation they replace", () => {
  it.each([
    ["*", ""],
    ["?", ""],
    ["a\\", "a\\"],
    ["[", "["],
    ["[a", "[a"],
    ["[]]", "]"],
    ["[]a]", "a"],
    ["[^]]", "]"],
    ["[^]]", "x"],
    ["[z-a]", "m"],
    ["[a-]", "-"],
    ["[\\]]", "]"],
    ["[a\\-z]", "-"],
    ["[\\a-\\c]", "b"],
    ["x[^a]y", "x\ny"],
    ["a*b*c", "a\nb\nc"],
    ["*.dlq", "orders.dlq"],
    ["**a**", "bab"],
    ["a\\*", "a*"],
    ["\\?", "x"],
  ])("%j on %j", (glob, text) => {
    expect(matchesGlob(glob, text)).toBe(referenceGlobRegExp(glob).test(text));
  });

  // 20,000 cases: ~1 s on a quiet machine, several on a loaded one.
  it("agrees with the reference on 20,000 seeded random globs and texts", { timeout: 60_000 }, () => {
    const { pick } = seeded(20_261_206);
    const disagreements: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const glob = pick("ab-*?[]^\\\n", 8);
      const text = pick("ab-*?[]^\\\n", 8);
      if (matchesGlob(glob, text) !== referenceGlobRegExp(glob).test(text)) disagreements.push(JSON.stringify([glob, text]));
    }
    expect(disagreements).toEqual([]);
  });
});

describe("globs: the work is bounded by (text + 1) x (pattern + 1) steps", () => {
  const stepsOf = (tokens: WildcardToken[], text: string) => {
    const steps = { count: 0 };
    const matched = matchTokens(tokens, text, { steps });
    return { matched, steps: steps.count };
  };

  it("matches the pattern of the report (*?*?...*?!) in a bounded number of steps", () => {
    const glob = "*?".repeat(11) + "!";
    const text = "a".repeat(10_000);
    const { matched, steps } = stepsOf(globTokens(glob), text);
    expect(matched).toBe(false);
    expect(steps).toBeLessThanOrEqual((text.length + 1) * (glob.length + 1));
    // A backtracking RegExp tries every way of splitting the text among the stars: C(10,000, 11) ways.
  });

  it("keeps the longest accepted pattern on a long text within the bound", () => {
    const glob = "*a".repeat(127) + "!"; // 255 characters
    const text = "a".repeat(2_000);
    const { matched, steps } = stepsOf(globTokens(glob), text);
    expect(matched).toBe(false);
    expect(steps).toBeLessThanOrEqual((text.length + 1) * (glob.length + 1));
  });

  it("grows linearly in the text for a fixed pattern", () => {
    const tokens = globTokens("*a*a*a*a*a*a*a*a*b");
    const small = stepsOf(tokens, "a".repeat(1_000)).steps;
    const large = stepsOf(tokens, "a".repeat(4_000)).steps;
    // Four times the text, about four times the steps (never the polynomial of a backtracking search).
    expect(large).toBeLessThanOrEqual(small * 4 + 100);
  });

  it("still finds real matches", () => {
    expect(compileGlob("*?".repeat(11) + "!").test("abcdefghijk!")).toBe(true);
    expect(compileGlob("*?".repeat(11) + "!").test("abcdefghij!")).toBe(false);
  });
});

describe("header masking patterns", () => {
  it("match whole names, case-insensitively, with * only as a wildcard", () => {
    expect(headerPattern("X-Secret-*").test("x-secret-token")).toBe(true);
    expect(headerPattern(" authorization ").test("Authorization")).toBe(true);
    expect(headerPattern("a?c").test("abc")).toBe(false);
    expect(headerPattern("a?c").test("A?C")).toBe(true);
    expect(headerPattern("[ab]").test("a")).toBe(false);
    expect(headerPattern("*-token").test("x-api-token")).toBe(true);
    expect(headerPattern("*-token").test("x-api-tokens")).toBe(false);
  });

  it("answer a hostile pattern on a long header name at once", () => {
    // Before: /^.*a.*a.*a.*a.*a.*a.*a.*a.*b$/i on 5,000 "a"s, which backtracks for longer than anyone waits.
    const pattern = headerPattern("*a*a*a*a*a*a*a*a*b");
    expect(pattern.test("a".repeat(5_000))).toBe(false);
    expect(pattern.test(`${"a".repeat(5_000)}b`)).toBe(true);
  });
});

describe("masking JSON paths with quoted names", () => {
  it("parse escapes and quotes as before", () => {
    expect(parseJsonPath("$['it\\'s']")).toEqual({ ok: true, segments: [{ kind: "member", name: "it's" }] });
    expect(parseJsonPath('$..["a\\"b"]')).toEqual({ ok: true, segments: [{ kind: "descendant", name: 'a"b' }] });
  });

  it("reject an unterminated run of escapes without exponential backtracking", () => {
    // 120 escapes: the old expression needed on the order of 2^120 steps to give up.
    expect(parseJsonPath(`$['${"\\a".repeat(120)}`).ok).toBe(false);
    expect(parseJsonPath(`$..['${"\\a".repeat(120)}`).ok).toBe(false);
  });
});
