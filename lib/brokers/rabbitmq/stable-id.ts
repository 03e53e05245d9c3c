import { createHash } from "node:crypto";
import { parseDeathHeaders } from "./x-death";

// A dead-lettered message's identity and its way home, derived from the message alone. Pure.
//
// A RabbitMQ queue has no stable positions (a message leaves once acknowledged, and what is read and
// returned may come back elsewhere), so the console names a DLQ message by a hash of what makes it
// that message: the queue it sits in, its message-id property, its x-death record (queue, reason,
// count and time of every death, so a message that dies again is a new DLQ message), its timestamp
// and its body. The same message read twice gets the same id; that id is its DLQ `id` in the API and
// the x-eventscope-requeue-id of its requeued copy (API.md). Two messages equal in all of these (same
// body and properties, dead-lettered from the same queue within the same second) share an id: the
// console then treats them as one, and the second stays in the DLQ.

/** Properties the id and the route are read from (amqplib's MessageProperties, loosely). */
export interface IdentityProperties {
  messageId?: unknown;
  timestamp?: unknown;
  headers?: Record<string, unknown> | null;
}

export function stableIdOf(scope: string, properties: IdentityProperties, content: Buffer): string {
  const death = parseDeathHeaders(properties.headers ?? undefined);
  const deaths = death.deaths.map((entry) => [entry.queue, entry.reason, entry.count, entry.timeMs, entry.exchange, entry.routingKeys]);
  const first = death.first ? [death.first.queue, death.first.reason, death.first.exchange, death.first.routingKeys] : null;
  const described = JSON.stringify([scope, text(properties.messageId), text(properties.timestamp), first, deaths]);
  return createHash("sha256").update(described).update("\u0000").update(content).digest("hex").slice(0, 32);
}

export function isStableId(id: string): boolean {
  return /^[0-9a-f]{32}$/.test(id);
}

export interface RabbitRoute {
  vhost: string;
  exchange: string;
  routingKey: string;
}

/**
 * The first death's exchange and routing key (from x-death / x-first-death-*) in the DLQ's vhost (a
 * message is dead-lettered within its vhost), written as a route string.
 */
export function routeOf(vhost: string, properties: IdentityProperties): string | undefined {
  const { first } = parseDeathHeaders(properties.headers ?? undefined);
  if (!first || first.routingKeys.length === 0) return undefined;
  return JSON.stringify([vhost, first.exchange, first.routingKeys[0]]);
}

export function parseRoute(route: string): RabbitRoute | null {
  try {
    const parsed: unknown = JSON.parse(route);
    if (!Array.isArray(parsed) || parsed.length !== 3 || parsed.some((part) => typeof part !== "string" || part.length > 255)) return null;
    return { vhost: parsed[0], exchange: parsed[1], routingKey: parsed[2] };
  } catch {
    return null;
  }
}

/** "exchange orders, routing key order.created" (the default exchange named as such). */
export function describeRoute(route: Pick<RabbitRoute, "exchange" | "routingKey">): string {
  return `${route.exchange === "" ? "the default exchange" : `exchange ${JSON.stringify(route.exchange)}`}, routing key ${JSON.stringify(route.routingKey)}`;
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === "string" ? value : JSON.stringify(value) ?? null;
}
