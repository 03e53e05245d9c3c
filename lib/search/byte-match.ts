// The cheap first pass of server-side search: decides from a message's raw bytes whether it can
// match, so only candidates are decoded, masked and checked with messageMatches (the rule for what
// is returned). It must never reject a message messageMatches would accept on the same text, so it
// folds case the same way: for an ASCII needle, ASCII letters are compared case-insensitively, and
// the only two non-ASCII characters whose lower case contains ASCII letters ("İ" -> "i̇", Kelvin
// sign "K" -> "k") make a message a candidate whenever the needle has that letter. A non-ASCII needle
// falls back to decoding the field as UTF-8 and comparing lower-cased text (slower, still correct).
//
// Known difference from a search over the decoded page: the pre-filter sees bytes as stored, so text
// that only exists in the rendering (JSON pretty-printing adds spaces after ":"; \u escapes are
// unescaped; binary values are shown as base64) is not found. Plain values and JSON members are.

/** What the pre-filter looks at: raw key, value, header names and values, and a JetStream subject. */
export interface ByteFields {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
  subject?: string;
}

export interface NeedleMatcher {
  /** The needle, lower-cased as messageMatches does. */
  readonly lower: string;
  matchesBytes(bytes: Buffer): boolean;
  matchesText(text: string): boolean;
  matches(fields: ByteFields): boolean;
}

const DOTTED_CAPITAL_I = Buffer.from("\u0130", "utf8");
const KELVIN_SIGN = Buffer.from("\u212a", "utf8");

function isAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text);
}

/**
 * Index of `needle` (already ASCII lower case) in `haystack`, comparing ASCII letters without case;
 * -1 when absent. A plain loop: Buffer.indexOf has no case-insensitive mode, and at a few hundred
 * bytes per message the loop costs well under a microsecond.
 */
export function indexOfAsciiFolded(haystack: Buffer, needle: Buffer): number {
  const n = needle.length;
  if (n === 0) return 0;
  const last = haystack.length - n;
  const first = needle[0];
  const firstUpper = first >= 0x61 && first <= 0x7a ? first - 0x20 : first;
  outer: for (let i = 0; i <= last; i++) {
    const b = haystack[i];
    if (b !== first && b !== firstUpper) continue;
    for (let j = 1; j < n; j++) {
      let c = haystack[i + j];
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      if (c !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

export function compileNeedle(query: string): NeedleMatcher {
  const lower = query.toLowerCase();
  const matchesText = (text: string) => text.toLowerCase().includes(lower);
  let matchesBytes: (bytes: Buffer) => boolean;
  if (isAscii(lower)) {
    const needle = Buffer.from(lower, "latin1");
    const exact = Buffer.from(query, "latin1");
    const watchI = lower.includes("i");
    const watchK = lower.includes("k");
    matchesBytes = (bytes) =>
      // Case-sensitive first: Buffer.indexOf is native and finds the common, same-case hit fastest.
      bytes.indexOf(exact) >= 0 ||
      indexOfAsciiFolded(bytes, needle) >= 0 ||
      (watchI && bytes.indexOf(DOTTED_CAPITAL_I) >= 0) ||
      (watchK && bytes.indexOf(KELVIN_SIGN) >= 0);
  } else {
    // Invalid UTF-8 decodes with replacement characters here; such values are shown as base64, which
    // holds no non-ASCII text, so a miss is the right answer for them anyway.
    matchesBytes = (bytes) => matchesText(bytes.toString("utf8"));
  }
  return {
    lower,
    matchesBytes,
    matchesText,
    matches(fields) {
      if (fields.value && matchesBytes(fields.value)) return true;
      if (fields.key && matchesBytes(fields.key)) return true;
      if (fields.subject !== undefined && matchesText(fields.subject)) return true;
      for (const name in fields.headers) {
        if (matchesText(name) || matchesBytes(fields.headers[name])) return true;
      }
      return false;
    },
  };
}
