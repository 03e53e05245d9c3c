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
  headers: Record<string, string>;
  value: string | null;
  encoding: string;
  truncated?: boolean;
}

export interface CompiledRules {
  paths: PathSegment[][];
  headers: RegExp[];
}

/** Header patterns are names, case-insensitive, with "*" as a wildcard ("x-secret-*"). */
export function headerPatternRegExp(pattern: string): RegExp {
  const escaped = pattern.trim().split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${escaped}$`, "i");
}

export function compileRules(rules: MaskingRuleLike[]): CompiledRules {
  const compiled: CompiledRules = { paths: [], headers: [] };
  for (const rule of rules) {
    if (rule.kind === "header") compiled.headers.push(headerPatternRegExp(rule.pattern));
    else if (rule.kind === "json-path") {
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

export function maskMessage<T extends MaskableMessage>(message: T, rules: CompiledRules): T & { masked?: true } {
  let masked = false;
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
  return { ...message, headers, value, encoding, masked: true };
}
