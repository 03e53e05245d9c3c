// Keys of a Redis idempotency store from its pattern ("processed:*"), the SCAN MATCH for a search,
// and the list cursor. Pure.
import { z } from "zod";
import { caseInsensitiveGlob, compileGlob, escapeGlob, hasGlobSyntax, type GlobMatcher } from "../glob";

interface PatternParts {
  /** Literal text before and after the single `*` (unescaped). */
  prefix: string;
  suffix: string;
  /** The same, still in glob syntax (for building a MATCH). */
  rawPrefix: string;
  rawSuffix: string;
}

/**
 * The pattern split around its one `*` when it is of the form `<literal>*<literal>` (the usual
 * `processed:*`); null for patterns with several wildcards, `?` or classes.
 */
export function splitPattern(pattern: string): PatternParts | null {
  let star = -1;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\") {
      i++;
      continue;
    }
    if (char === "?" || char === "[") return null;
    if (char === "*") {
      if (star !== -1) return null;
      star = i;
    }
  }
  if (star === -1) return null;
  const rawPrefix = pattern.slice(0, star);
  const rawSuffix = pattern.slice(star + 1);
  return { rawPrefix, rawSuffix, prefix: unescapeGlob(rawPrefix), suffix: unescapeGlob(rawSuffix) };
}

function unescapeGlob(text: string): string {
  return text.replace(/\\([\s\S])/g, "$1");
}

/** The key recording an event id: the pattern with its `*` replaced by the id (null if ambiguous). */
export function keyForEventId(pattern: string, id: string): string | null {
  const parts = splitPattern(pattern);
  return parts ? `${parts.prefix}${id}${parts.suffix}` : null;
}

/** The event id a key stands for, when the pattern makes that clear. */
export function eventIdFromKey(pattern: string, key: string): string | undefined {
  const parts = splitPattern(pattern);
  if (!parts || !key.startsWith(parts.prefix) || !key.endsWith(parts.suffix)) return undefined;
  const id = key.slice(parts.prefix.length, key.length - parts.suffix.length);
  return id === "" ? undefined : id;
}

export interface ScanPlan {
  /** The glob sent as SCAN MATCH. */
  match: string;
  /** Keys must also pass this (when MATCH alone cannot express "matches the pattern AND the search"). */
  filter?: GlobMatcher;
}

/**
 * How to scan for a search:
 * - no search: MATCH the pattern;
 * - a glob ("10*"): applied to the id part of `processed:*` keys (MATCH processed:10*), or to the
 *   whole key when it starts with the pattern's prefix or the pattern has several wildcards;
 * - plain text ("1001"): a case-insensitive substring of the id part (MATCH processed:*1001*), or of
 *   the whole key when the text includes part of the prefix/suffix ("processed:1001").
 */
export function scanPlan(pattern: string, q?: string): ScanPlan {
  const search = q?.trim();
  if (!search) return { match: pattern };
  const parts = splitPattern(pattern);
  const patternFilter = compileGlob(pattern);
  if (hasGlobSyntax(search)) {
    if (parts && !(parts.prefix !== "" && search.startsWith(parts.rawPrefix))) {
      return { match: `${parts.rawPrefix}${search}${parts.rawSuffix}` };
    }
    return { match: search, filter: patternFilter };
  }
  const needle = caseInsensitiveGlob(search);
  const touchesLiterals =
    parts !== null &&
    ((parts.prefix !== "" && overlapsEdge(parts.prefix, search, "prefix")) || (parts.suffix !== "" && overlapsEdge(parts.suffix, search, "suffix")));
  if (parts && !touchesLiterals) return { match: `${parts.rawPrefix}*${needle}*${parts.rawSuffix}` };
  return { match: `*${needle}*`, filter: patternFilter };
}

/** Could `search`, found in a key, reach into the literal prefix/suffix of the pattern? */
function overlapsEdge(literal: string, search: string, edge: "prefix" | "suffix"): boolean {
  const a = literal.toLowerCase();
  const b = search.toLowerCase();
  if (a.includes(b)) return true;
  // Some end of the literal (next to the id) is a start/end of the search text.
  for (let length = 1; length <= Math.min(a.length, b.length); length++) {
    if (edge === "prefix" && b.startsWith(a.slice(a.length - length))) return true;
    if (edge === "suffix" && b.endsWith(a.slice(0, length))) return true;
  }
  return false;
}

export { escapeGlob };

// ------------------------------------------------------------------ list cursor
// SCAN returns keys in batches that do not line up with pages: the cursor carries Redis' own SCAN
// cursor and the keys of the last batch that did not fit on the page, so every key present during
// the whole walk is listed (SCAN may repeat a key while Redis resizes its table; never skips one).

const cursorSchema = z.object({
  v: z.literal(1),
  c: z.string().regex(/^\d+$/),
  p: z.array(z.string()).max(10_000).default([]),
});

export interface ScanCursor {
  /** Redis SCAN cursor to continue from ("0" once the walk is done and only `pending` remains). */
  scan: string;
  pending: string[];
}

export function encodeScanCursor(cursor: ScanCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, c: cursor.scan, p: cursor.pending }), "utf8").toString("base64url");
}

/** Null when the text is not a cursor this server made. */
export function decodeScanCursor(text: string): ScanCursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? { scan: parsed.data.c, pending: parsed.data.p } : null;
  } catch {
    return null;
  }
}
