import { badName, hasControlCharacter, nameOk, quoteName, type NameCheck, type TargetCheck } from "../names";

// RabbitMQ names, checked before they reach the broker, and the console's queue identifier. Pure.
// API.md: `{topic}` is a queue name, `<vhost>/<queue>` when the vhost is not "/".

/** AMQP 0-9-1 short strings (queue, exchange, routing key, header name) are at most 255 bytes. */
export const MAX_SHORT_STRING_BYTES = 255;

export interface QueueRef {
  vhost: string;
  queue: string;
}

/** `queue` in vhost "/", `<vhost>/<queue>` elsewhere; takes a QueueRef or a queue record ({vhost, name}). */
export function formatQueueId(ref: QueueRef | { vhost: string; name: string }): string {
  const queue = "queue" in ref ? ref.queue : ref.name;
  return ref.vhost === "/" ? queue : `${ref.vhost}/${queue}`;
}

/**
 * `<vhost>/<queue>` when the text starts with one of the cluster's vhosts (other than "/") and a
 * slash, the longest such vhost winning; otherwise a queue of vhost "/" (whose name may hold "/").
 */
export function parseQueueId(id: string, vhosts: readonly string[]): QueueRef {
  const candidates = vhosts.filter((vhost) => vhost !== "/" && id.startsWith(`${vhost}/`)).sort((a, b) => b.length - a.length);
  if (candidates.length) return { vhost: candidates[0], queue: id.slice(candidates[0].length + 1) };
  return { vhost: "/", queue: id };
}

function checkShortString(value: string, what: string): NameCheck {
  if (value.length === 0) return badName(`a ${what} cannot be empty`);
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes > MAX_SHORT_STRING_BYTES) return badName(`a ${what} has at most ${MAX_SHORT_STRING_BYTES} bytes (got ${bytes})`);
  if (hasControlCharacter(value)) return badName(`a ${what} cannot contain control characters`);
  return nameOk;
}

export function checkQueueName(queue: string): NameCheck {
  return checkShortString(queue, "queue name");
}

/** A queue identifier as the API takes it; a consumer "group" of RabbitMQ is its queue. */
export function checkQueueId(id: string, vhosts: readonly string[]): NameCheck {
  if (id.length === 0) return badName("a queue name cannot be empty");
  const { queue } = parseQueueId(id, vhosts);
  return checkQueueName(queue);
}

/**
 * A requeue target given by the operator: a queue (published through the default exchange). Server
 * named and internal queues ("amq.*") are never targets. Existence is the connector's second step.
 */
export function checkRabbitTargetName(queue: string): TargetCheck {
  const check = checkQueueName(queue);
  if (!check.ok) return { ok: false, code: "invalid", reason: check.problem };
  if (queue.startsWith("amq.")) return { ok: false, code: "reserved", reason: `${quoteName(queue)} is a server-named queue ("amq." names belong to RabbitMQ)` };
  return { ok: true };
}

/** Headers RabbitMQ or Eventscope set themselves: never set from a requeue. */
const RESERVED_HEADERS = new Set(["x-death", "x-first-death-queue", "x-first-death-reason", "x-first-death-exchange", "x-eventscope-requeue-id", "x-delivery-count", "x-stream-offset"]);

export function checkRabbitHeader(name: string, value: string): NameCheck {
  const check = checkShortString(name, "header name");
  if (!check.ok) return check;
  if (RESERVED_HEADERS.has(name.toLowerCase())) return badName(`${quoteName(name)} is set by RabbitMQ or Eventscope and cannot be set by hand`);
  if (hasControlCharacter(value.replace(/\t/g, ""))) return badName(`the value of header ${quoteName(name)} cannot contain control characters`);
  return nameOk;
}
