// Does a message carry an event id, and what its headers say about failures and requeues. Pure.
import type { EventIdRule } from "@/lib/config/schema";
import { asId, extractEventId, headerValue, parseJsonValue, type IdSource } from "@/lib/idempotency/event-id";
import { formatJsonPath, type PathSegment } from "@/lib/idempotency/json-path";

const MAX_JSON_NODES = 5_000;
const MAX_JSON_DEPTH = 8;

/**
 * How the message matches the id, or null: the topic's configured id first ("json:$.id"), then the
 * key, a header value, or any JSON field (breadth first, so the shallowest field is named).
 */
export function matchMessage(message: IdSource, id: string, rules: readonly EventIdRule[]): string | null {
  const extracted = extractEventId(message, rules);
  if (extracted?.id === id) return extracted.from;
  if (message.key === id) return "key";
  for (const [name, value] of Object.entries(message.headers)) if (value === id) return `header:${name}`;
  const document = parseJsonValue(message);
  if (!document) return message.encoding === "text" && message.value === id ? "value" : null;
  const path = findValuePath(document.value, id);
  return path === null ? null : `json:${formatJsonPath(path)}`;
}

/** Breadth-first search for a string or number field equal to `id`; bounded in nodes and depth. */
export function findValuePath(document: unknown, id: string): PathSegment[] | null {
  if (asId(document) === id) return [];
  const queue: { node: unknown; path: PathSegment[] }[] = [{ node: document, path: [] }];
  let visited = 0;
  while (queue.length > 0 && visited < MAX_JSON_NODES) {
    const { node, path } = queue.shift()!;
    visited++;
    if (node === null || typeof node !== "object" || path.length >= MAX_JSON_DEPTH) continue;
    const entries: [PathSegment, unknown][] = Array.isArray(node) ? node.map((item, index) => [index, item]) : Object.entries(node);
    for (const [segment, child] of entries) {
      // Any string field; a number only in a field named like an id (1001 in "qty" is not order 1001).
      const candidate = typeof child === "string" || (typeof child === "number" && isIdLikeField(segment, path));
      if (candidate && asId(child) === id) return [...path, segment];
      if (child !== null && typeof child === "object") queue.push({ node: child, path: [...path, segment] });
    }
  }
  return null;
}

/** "id", "order_id", "orderId", "eventID": fields whose numbers are ids (array items count as their array's field). */
function isIdLikeField(segment: PathSegment, path: PathSegment[]): boolean {
  const name = typeof segment === "number" ? [...path].reverse().find((part) => typeof part === "string") : segment;
  return typeof name === "string" && /(^id$|[_-]id$|[a-z]Id$|ID$|[_-]ids$|[a-z]Ids$|^ids$)/.test(name);
}

// Set by the DLQ module on a requeued copy (API.md): where it came from, and its deterministic id.
export const REQUEUED_FROM_HEADER = "x-eventscope-requeued-from";
export const REQUEUE_ID_HEADER = "x-eventscope-requeue-id";

/** Where a requeued copy came from ("orders.created.dlq/0-17"), "DLQ" when only the requeue id says so, else undefined. */
export function requeuedFrom(headers: Record<string, string>): string | undefined {
  const from = headerValue(headers, REQUEUED_FROM_HEADER);
  if (from) return from;
  return headerValue(headers, REQUEUE_ID_HEADER) !== undefined ? "a DLQ" : undefined;
}
