// Wildcard matching without regular expressions. Pure.
//
// A pattern is a list of tokens: `star` (any run of characters, possibly empty) and tokens that each
// match exactly one character. With that shape, the classic two-pointer algorithm decides a match in
// at most (text length + 1) x (pattern length + 1) steps: on a mismatch it only ever goes back to the
// LAST star seen and lets that star swallow one more character. A backtracking RegExp built from the
// same pattern (`*?*?*?...!`) can take exponential time and, being synchronous, freezes the server.

/** Longest pattern (glob, header rule, topic filter) the API accepts from a user. */
export const MAX_PATTERN_LENGTH = 256;

export type WildcardToken =
  | { kind: "star" }
  /** Exactly one character, whatever it is. */
  | { kind: "any" }
  | { kind: "char"; char: string }
  /** One character within (or, negated, outside) the inclusive code-unit ranges. */
  | { kind: "class"; negate: boolean; ranges: readonly (readonly [string, string])[] };

export interface MatchOptions {
  /** Compare `char` tokens without regard to letter case (header names). */
  ignoreCase?: boolean;
  /** Counts loop steps; tests use it to show the work stays within (n + 1) x (m + 1). */
  steps?: { count: number };
}

/** Does the whole text match the tokens? Characters are UTF-16 code units, as in a RegExp without the u flag. */
export function matchTokens(tokens: readonly WildcardToken[], text: string, options: MatchOptions = {}): boolean {
  const steps = options.steps;
  const fold = options.ignoreCase ? (char: string) => char.toLowerCase() : (char: string) => char;
  const matchesOne = (token: WildcardToken, char: string): boolean => {
    switch (token.kind) {
      case "any":
        return true;
      case "char":
        return token.char === char || fold(token.char) === fold(char);
      case "class": {
        const inside = token.ranges.some(([low, high]) => low <= char && char <= high);
        return inside !== token.negate;
      }
      case "star":
        return false;
    }
  };

  let t = 0; // next character of the text
  let p = 0; // next token of the pattern
  let star = -1; // index of the last star met, -1 before any
  let starText = 0; // where the text stood when the star took over (the star has swallowed up to here)
  while (t < text.length) {
    if (steps) steps.count++;
    const token = tokens[p];
    if (token?.kind === "star") {
      star = p++;
      starText = t;
    } else if (token && matchesOne(token, text[t]!)) {
      p++;
      t++;
    } else if (star !== -1) {
      // Mismatch after a star: let the star take one more character and retry what follows it.
      p = star + 1;
      t = ++starText;
    } else return false;
  }
  while (tokens[p]?.kind === "star") p++;
  return p === tokens.length;
}

/** Consecutive stars mean the same as one; folding them keeps the step bound tight. */
export function foldStars(tokens: WildcardToken[]): WildcardToken[] {
  return tokens.filter((token, index) => !(token.kind === "star" && tokens[index - 1]?.kind === "star"));
}
