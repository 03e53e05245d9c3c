// Where a message's event id is: the key, a header, or a JSON path into the value, configured per
// topic (config `eventIds`). Pure: the messages route, the DLQ views and the trace all use it.
import type { EventIdRule } from "@/lib/config/schema";
import { originalTopicOfDlq } from "@/lib/dlq/dlq-names";
import { matchesGlob, hasGlobSyntax } from "./glob";
import { parseJsonPath, valueAtPath } from "./json-path";

/** The parts of a decoded message (lib/messages/decode-message.ts) an id can come from. */
export interface IdSource {
  key: string | null;
  headers: Record<string, string>;
  value: string | null;
  encoding: "json" | "text" | "base64";
}

export interface ExtractedId {
  id: string;
  /** "key", "header:x-event-id" or "json:$.id": shown to operators so they can tell why. */
  from: string;
}

/** Without a configured rule: the envelope's `id`, else the message key. */
export const DEFAULT_EVENT_ID_RULES: readonly EventIdRule[] = [
  { topic: "*", from: "json", path: "$.id" },
  { topic: "*", from: "key" },
];

/** Longer "ids" are not ids; they would only make oversized store lookups. */
export const MAX_EVENT_ID_LENGTH = 1024;

/**
 * The rules for a topic: exact names first, then globs, in config order. A DLQ topic with no rule
 * of its own uses the rules of the topic it points back to (orders.created.dlq -> orders.created),
 * and with none at all the defaults apply.
 */
export function rulesForTopic(topic: string, rules: readonly EventIdRule[] = []): readonly EventIdRule[] {
  const own = matchingRules(topic, rules);
  if (own.length > 0) return own;
  const original = originalTopicOfDlq(topic);
  if (original) {
    const inherited = matchingRules(original, rules);
    if (inherited.length > 0) return inherited;
  }
  return DEFAULT_EVENT_ID_RULES;
}

function matchingRules(topic: string, rules: readonly EventIdRule[]): EventIdRule[] {
  const exact = rules.filter((rule) => !hasGlobSyntax(rule.topic) && rule.topic === topic);
  const globbed = rules.filter((rule) => hasGlobSyntax(rule.topic) && matchesGlob(rule.topic, topic));
  return [...exact, ...globbed];
}

/** The first id the rules find, or null. Never throws, whatever the message holds. */
export function extractEventId(message: IdSource, rules: readonly EventIdRule[]): ExtractedId | null {
  let parsed: { value: unknown } | null | undefined;
  const document = () => {
    if (parsed === undefined) parsed = parseJsonValue(message);
    return parsed;
  };
  for (const rule of rules) {
    if (rule.from === "key") {
      const id = asId(message.key);
      if (id !== null) return { id, from: "key" };
    } else if (rule.from === "header") {
      const id = asId(headerValue(message.headers, rule.header));
      if (id !== null) return { id, from: `header:${rule.header}` };
    } else {
      const segments = parseJsonPath(rule.path);
      const doc = document();
      if (!segments || !doc) continue;
      const id = asId(valueAtPath(doc.value, segments));
      if (id !== null) return { id, from: `json:${rule.path}` };
    }
  }
  return null;
}

/** A header by exact name, else case-insensitively (HTTP-minded producers vary the case). */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(headers, name)) return headers[name];
  const lower = name.toLowerCase();
  const found = Object.keys(headers).find((candidate) => candidate.toLowerCase() === lower);
  return found === undefined ? undefined : headers[found];
}

export function parseJsonValue(message: Pick<IdSource, "value" | "encoding">): { value: unknown } | null {
  if (message.encoding !== "json" || message.value === null) return null;
  try {
    return { value: JSON.parse(message.value) as unknown };
  } catch {
    return null;
  }
}

/** Strings and numbers are ids; binary keys (shown as "base64:...") and everything else are not. */
export function asId(value: unknown): string | null {
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "number" && Number.isFinite(value)) text = String(value);
  else if (typeof value === "bigint") text = value.toString();
  else return null;
  if (text === "" || text.length > MAX_EVENT_ID_LENGTH || text.startsWith("base64:")) return null;
  return text;
}

