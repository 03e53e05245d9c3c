import { describe, expect, it } from "vitest";
import { normalizeErrorText } from "@/lib/dlq/error-signature";

// A DLQ message's error text is written by whoever produced the message. The mixed-id step used
// "has a digit" / "has a letter" lookaheads from every word start, which re-scan the rest of a run
// like "a-a-a-…" from each of its starts: quadratic (32,000 characters took 9 s of event loop; every
// DLQ list and summary computes the signature per message).

describe("normalizeErrorText on hostile error texts", () => {
  it("answers a 200,000-character run of word starts without digits (quadratic before)", () => {
    const text = "a-".repeat(100_000);
    expect(normalizeErrorText(text)).toBe(text.trim());
    expect(normalizeErrorText(`${text}1`)).toBe("<id>");
  });

  it("replaces mixed ids as the lookahead expression did", () => {
    const reference = (text: string) => text.replace(/\b(?=[\w-]*\d)(?=[\w-]*[a-z])[a-z0-9][\w-]{5,}\b/gi, "<id>");
    const alphabet = ["a", "Z", "1", "_", "-", " ", ".", "x"];
    let seed = 11;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    for (let n = 0; n < 5_000; n++) {
      let text = "";
      for (let i = 0, length = 1 + (next() % 18); i < length; i++) text += alphabet[next() % alphabet.length];
      // These texts hold no quotes, uuids or 8-character hex runs: only the id and number steps apply.
      const expected = reference(text.replace(/\s+/g, " ").trim()).replace(/(?<![\w.])[-+]?\d+(?:[.,]\d+)*(?![\w])/g, "<n>");
      expect(normalizeErrorText(text), JSON.stringify(text)).toBe(expected);
    }
  });
});
