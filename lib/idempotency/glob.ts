// Redis-style glob patterns (the syntax of SCAN MATCH and of topic rules): `*` any run of characters,
// `?` one character, `[abc]` / `[^a]` / `[a-z]` a class, `\x` a literal x. Pure.
// Matched by the two-pointer wildcard algorithm, never by a RegExp: a user's glob must not be able
// to make matching take exponential time (`*?*?*?*?...!` did, 34 s on the event loop).
import { foldStars, matchTokens, type WildcardToken } from "@/lib/patterns/wildcard-match";

const GLOB_SPECIAL = /[*?[\]\\]/g;

/** Makes text match itself literally inside a glob. */
export function escapeGlob(text: string): string {
  return text.replace(GLOB_SPECIAL, (char) => `\\${char}`);
}

/** True when the text has an unescaped `*`, `?` or `[`: the user meant a pattern, not a substring. */
export function hasGlobSyntax(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\\") {
      i++;
      continue;
    }
    if (char === "*" || char === "?" || char === "[") return true;
  }
  return false;
}

/**
 * A glob that matches `text` whatever the case of its letters ("Ab" -> "[aA][bB]"): Redis MATCH is
 * case-sensitive, the console's search box is not.
 */
export function caseInsensitiveGlob(text: string): string {
  let out = "";
  for (const char of text) {
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    if (lower !== upper && lower.length === 1 && upper.length === 1) out += `[${lower}${upper}]`;
    else out += escapeGlob(char);
  }
  return out;
}

/** A compiled glob: `test(text)` takes at most (text + 1) x (glob + 1) steps (lib/patterns/wildcard-match.ts), never a RegExp. */
export interface GlobMatcher {
  readonly glob: string;
  test(text: string): boolean;
}

const matcherCache = new Map<string, GlobMatcher>();

/** The glob, parsed once (same semantics as Redis' stringmatchlen; the whole text must match). */
export function compileGlob(glob: string): GlobMatcher {
  const cached = matcherCache.get(glob);
  if (cached) return cached;
  const tokens = globTokens(glob);
  const matcher: GlobMatcher = { glob, test: (text) => matchTokens(tokens, text) };
  if (matcherCache.size > 500) matcherCache.clear();
  matcherCache.set(glob, matcher);
  return matcher;
}

export function matchesGlob(glob: string, text: string): boolean {
  return compileGlob(glob).test(text);
}

/** The glob as wildcard tokens: `*` star, `?` any, `[...]` class, `\x` (and anything else) a literal. */
export function globTokens(glob: string): WildcardToken[] {
  const tokens: WildcardToken[] = [];
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === "*") tokens.push({ kind: "star" });
    else if (char === "?") tokens.push({ kind: "any" });
    // `\x` is a literal x; a trailing lone backslash falls through and stands for itself.
    else if (char === "\\" && i + 1 < glob.length) tokens.push({ kind: "char", char: glob[++i]! });
    else if (char === "[") {
      const end = classEnd(glob, i);
      if (end === -1) tokens.push({ kind: "char", char: "[" });
      else {
        tokens.push(classToken(glob.slice(i + 1, end)));
        i = end;
      }
    } else tokens.push({ kind: "char", char });
  }
  return foldStars(tokens);
}

function classEnd(glob: string, open: number): number {
  let i = open + 1;
  if (glob[i] === "^") i++;
  // A "]" right after "[" or "[^" is a literal member.
  if (glob[i] === "]") i++;
  for (; i < glob.length; i++) {
    if (glob[i] === "\\") i++;
    else if (glob[i] === "]") return i;
  }
  return -1;
}

/** The body between the brackets: `^` negates, `a-z` is a range (either order), `\x` a literal x. */
function classToken(body: string): WildcardToken {
  let negate = false;
  let i = 0;
  if (body[0] === "^") {
    negate = true;
    i = 1;
  }
  const ranges: [string, string][] = [];
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
      ranges.push(char <= to ? [char, to] : [to, char]);
      i += skip;
    } else ranges.push([char, char]);
  }
  // No members: matches nothing, or (negated) any one character.
  return { kind: "class", negate, ranges };
}
