import { foldStars, matchTokens, type WildcardToken } from "@/lib/patterns/wildcard-match";
import { MASK, maskAtPath, parseJsonPath, type PathSegment } from "./json-path";

// Applies masking rules to one message, purely. Used for every payload that leaves the server
// (browse, DLQ, trace, exports) through maskMessages in ./mask-messages.ts.
export interface MaskingRuleLike {
  /** null: every topic. */
  topic: string | null;
  kind: string;
  pattern: string;
}

export interface MaskableMessage {
  /** The message key as shown (text, or "base64:..."); absent for records without one. */
  key?: string | null;
  headers: Record<string, string>;
  value: string | null;
  encoding: string;
  truncated?: boolean;
}

export interface CompiledRules {
  paths: PathSegment[][];
  headers: HeaderPattern[];
  /** `key` rules: JSON paths into the key (`$`: the whole key). */
  keys: PathSegment[][];
}

/** A header rule, parsed once; `test(name)` never runs a RegExp (a message's header names are not ours). */
export interface HeaderPattern {
  test(name: string): boolean;
}

/**
 * Header patterns are names, case-insensitive, with "*" as a wildcard ("x-secret-*"); every other
 * character is literal. Matched by the two-pointer wildcard matcher: the RegExp this used to build
 * (`*a*a*a...` -> `.*a.*a.*a...`) backtracked for minutes on a long header name and froze browsing.
 */
export function headerPattern(pattern: string): HeaderPattern {
  const tokens = foldStars(pattern.trim().split("").map((char): WildcardToken => (char === "*" ? { kind: "star" } : { kind: "char", char })));
  return { test: (name) => matchTokens(tokens, name, { ignoreCase: true }) };
}

export function compileRules(rules: MaskingRuleLike[]): CompiledRules {
  const compiled: CompiledRules = { paths: [], headers: [], keys: [] };
  for (const rule of rules) {
    if (rule.kind === "header") compiled.headers.push(headerPattern(rule.pattern));
    else if (rule.kind === "key") {
      const parsed = parseJsonPath(rule.pattern);
      compiled.keys.push(parsed.ok ? parsed.segments : []);
    } else if (rule.kind === "json-path") {
      const parsed = parseJsonPath(rule.pattern);
      // A rule that no longer parses masks the whole value rather than nothing.
      compiled.paths.push(parsed.ok ? parsed.segments : []);
    }
  }
  return compiled;
}

export function rulesForTopics(rules: MaskingRuleLike[], topics: readonly string[]): MaskingRuleLike[] {
  return rules.filter((rule) => rule.topic === null || topics.includes(rule.topic));
}

/** JSON that could not be read (cut at the size limit, or malformed) cannot be masked by path: it is withheld. */
function looksLikeJson(message: MaskableMessage): boolean {
  return message.truncated === true || /^\s*[[{]/.test(message.value ?? "");
}

/**
 * A key under `key` rules: `$` masks it whole; a deeper path masks that field of a JSON key (re-printed
 * compact). A key that is not a JSON object or array (plain text, binary) cannot be addressed by a
 * path, and keys are short and often the very identifier a rule means: any key rule masks it whole.
 */
export function maskKey(key: string, paths: PathSegment[][]): string {
  if (paths.some((segments) => segments.length === 0) || !/^\s*[[{]/.test(key)) return MASK;
  let root: Parameters<typeof maskAtPath>[0];
  try {
    root = JSON.parse(key);
  } catch {
    return MASK;
  }
  let count = 0;
  for (const segments of paths) {
    const result = maskAtPath(root, segments);
    root = result.value;
    count += result.masked;
  }
  if (count === 0) return key;
  return root === MASK ? MASK : JSON.stringify(root);
}

export function maskMessage<T extends MaskableMessage>(message: T, rules: CompiledRules): T & { masked?: true } {
  let masked = false;
  let key = message.key;
  if (rules.keys.length > 0 && typeof key === "string") {
    const maskedKey = maskKey(key, rules.keys);
    if (maskedKey !== key) {
      masked = true;
      key = maskedKey;
    }
  }
  let headers = message.headers;
  if (rules.headers.length > 0) {
    const entries = Object.entries(message.headers).map(([name, value]) => {
      if (!rules.headers.some((pattern) => pattern.test(name))) return [name, value] as const;
      masked = true;
      return [name, MASK] as const;
    });
    headers = Object.fromEntries(entries);
  }
  let value = message.value;
  let encoding = message.encoding;
  if (rules.paths.length > 0 && value !== null) {
    let parsed: unknown;
    let isJson = message.encoding !== "base64";
    if (isJson) {
      try {
        parsed = JSON.parse(value);
      } catch {
        isJson = false;
      }
    }
    if (isJson) {
      let root = parsed as Parameters<typeof maskAtPath>[0];
      let count = 0;
      for (const segments of rules.paths) {
        const result = maskAtPath(root, segments);
        root = result.value;
        count += result.masked;
      }
      if (count > 0) {
        masked = true;
        value = JSON.stringify(root, null, 2);
        encoding = typeof root === "object" && root !== null ? "json" : message.encoding;
      }
    } else if (message.encoding !== "base64" && looksLikeJson(message)) {
      masked = true;
      value = MASK;
      encoding = "text";
    }
  }
  if (!masked) return message;
  return { ...message, ...(key !== message.key ? { key } : {}), headers, value, encoding, masked: true };
}
