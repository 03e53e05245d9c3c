// Redis-style glob patterns (the syntax of SCAN MATCH and of topic rules): `*` any run of characters,
// `?` one character, `[abc]` / `[^a]` / `[a-z]` a class, `\x` a literal x. Pure.

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

const regexCache = new Map<string, RegExp>();

/** The glob as an anchored regular expression (same semantics as Redis' stringmatchlen). */
export function globToRegExp(glob: string): RegExp {
  const cached = regexCache.get(glob);
  if (cached) return cached;
  let source = "^";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === "*") source += "[\\s\\S]*";
    else if (char === "?") source += "[\\s\\S]";
    else if (char === "\\" && i + 1 < glob.length) source += escapeRegExp(glob[++i]!);
    else if (char === "[") {
      const end = classEnd(glob, i);
      if (end === -1) source += "\\[";
      else {
        source += classToRegExp(glob.slice(i + 1, end));
        i = end;
      }
    } else source += escapeRegExp(char);
  }
  const regex = new RegExp(`${source}$`);
  if (regexCache.size > 500) regexCache.clear();
  regexCache.set(glob, regex);
  return regex;
}

export function matchesGlob(glob: string, text: string): boolean {
  return globToRegExp(glob).test(text);
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

function classToRegExp(body: string): string {
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
}

function escapeRegExp(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

function escapeClassChar(char: string): string {
  return char.replace(/[\]\\^-]/g, "\\$&");
}
