import type { BindingRow, ExchangeRow } from "./management-types";
import type { RabbitQueue } from "./queue-rows";
import { topicMatches } from "./topic-match";

// Which queues are dead-letter queues, and which queues lose their dead letters silently. Pure: works on
// one cycle's queue, exchange and binding listings.
//
// A queue Q with a dead-letter exchange X (argument or policy) republishes each dead letter to X with
// Q's dead-letter routing key, or, without one, with the message's own routing keys. A queue bound to
// X so that those messages reach it is a DLQ (of Q). Without a dead-letter routing key the keys are
// the messages' own, which only the messages know: the keys Q itself is bound with stand in for them.

export interface DeadLetterSource {
  vhost: string;
  queue: string;
  exchange: string;
  routingKey: string | null;
}

export type SilentDropKind = "missing-exchange" | "delivery-limit-without-dlx" | "unroutable";

export interface SilentDropWarning {
  vhost: string;
  queue: string;
  kind: SilentDropKind;
  message: string;
}

export interface DeadLetterTopology {
  /** DLQ key (queueKey) -> the queues that dead-letter into it. */
  dlqs: Map<string, DeadLetterSource[]>;
  warnings: SilentDropWarning[];
}

export const queueKey = (vhost: string, queue: string) => `${vhost}\u0000${queue}`;
const exchangeKey = queueKey;

/** Exchange-to-exchange hops followed before giving up (a loop or a deep chain). */
const MAX_HOPS = 5;

interface Route {
  destination: string;
  destinationType: string;
  routingKey: string;
  arguments?: Record<string, unknown>;
}

function indexBindings(bindings: BindingRow[]): Map<string, Route[]> {
  const bySource = new Map<string, Route[]>();
  for (const binding of bindings) {
    if (typeof binding?.source !== "string" || typeof binding.vhost !== "string") continue;
    const key = exchangeKey(binding.vhost, binding.source);
    let routes = bySource.get(key);
    if (!routes) bySource.set(key, (routes = []));
    routes.push({ destination: binding.destination, destinationType: binding.destination_type, routingKey: binding.routing_key ?? "", arguments: binding.arguments });
  }
  return bySource;
}

function keyMatches(exchangeType: string | undefined, bindingKey: string, routingKey: string | null): boolean {
  switch (exchangeType) {
    case "fanout":
    case "headers": // matched on message headers Eventscope does not have here: counted as reaching it
    case "x-consistent-hash":
    case "x-random":
      return true;
    case "topic":
      return routingKey === null || topicMatches(bindingKey, routingKey);
    default: // direct, and the default exchange
      return routingKey === null || bindingKey === routingKey;
  }
}

/** Queues a message published to `exchange` with `routingKey` (null: any key) reaches, following exchange-to-exchange bindings. */
function routeToQueues(
  vhost: string,
  exchange: string,
  routingKey: string | null,
  exchanges: Map<string, ExchangeRow>,
  bySource: Map<string, Route[]>,
  hops = 0,
  seen = new Set<string>(),
): string[] {
  const key = exchangeKey(vhost, exchange);
  if (hops > MAX_HOPS || seen.has(key)) return [];
  seen.add(key);
  const type = exchange === "" ? "direct" : exchanges.get(key)?.type;
  const queues: string[] = [];
  for (const route of bySource.get(key) ?? []) {
    if (!keyMatches(type, route.routingKey, routingKey)) continue;
    if (route.destinationType === "queue") queues.push(route.destination);
    else if (route.destinationType === "exchange") queues.push(...routeToQueues(vhost, route.destination, routingKey, exchanges, bySource, hops + 1, seen));
  }
  return queues;
}

/** The keys messages probably reach `queue` with: its own binding keys (the default exchange's is its name). */
function incomingKeys(vhost: string, queue: string, bindings: BindingRow[]): string[] {
  const keys = new Set<string>([queue]);
  for (const binding of bindings) {
    if (binding.vhost === vhost && binding.destination_type === "queue" && binding.destination === queue) keys.add(binding.routing_key ?? "");
  }
  return [...keys];
}

export function deadLetterTopology(queues: RabbitQueue[], exchanges: ExchangeRow[], bindings: BindingRow[]): DeadLetterTopology {
  const exchangeIndex = new Map(exchanges.filter((exchange) => typeof exchange?.name === "string").map((exchange) => [exchangeKey(exchange.vhost, exchange.name), exchange]));
  const bySource = indexBindings(bindings);
  const dlqs = new Map<string, DeadLetterSource[]>();
  const warnings: SilentDropWarning[] = [];
  const quoted = (text: string) => JSON.stringify(text);

  for (const queue of queues) {
    const { vhost, name, deadLetterExchange: dlx, deadLetterRoutingKey: dlrk } = queue;
    if (dlx === null) {
      if (queue.type === "quorum" && queue.deliveryLimit !== null) {
        warnings.push({
          vhost,
          queue: name,
          kind: "delivery-limit-without-dlx",
          message: `Quorum queue ${quoted(name)} has a delivery limit of ${queue.deliveryLimit} and no dead-letter exchange: a message returned more often than that is dropped, and nobody sees it again.`,
        });
      }
      continue;
    }
    // "" is the default exchange, which always exists (routing key = queue name).
    if (dlx !== "" && !exchangeIndex.has(exchangeKey(vhost, dlx))) {
      warnings.push({
        vhost,
        queue: name,
        kind: "missing-exchange",
        message: `Queue ${quoted(name)} dead-letters to exchange ${quoted(dlx)}, which does not exist in vhost ${quoted(vhost)}: RabbitMQ drops its dead letters silently.`,
      });
      continue;
    }
    const keys = dlrk !== null ? [dlrk] : incomingKeys(vhost, name, bindings);
    const targets = new Set<string>();
    for (const key of keys) for (const target of routeToQueues(vhost, dlx, key, exchangeIndex, bySource)) targets.add(target);
    targets.delete(name); // a queue dead-lettering into itself is a retry loop, not a DLQ
    if (targets.size === 0 && dlrk !== null) {
      warnings.push({
        vhost,
        queue: name,
        kind: "unroutable",
        message: `Queue ${quoted(name)} dead-letters to exchange ${quoted(dlx || "(default)")} with routing key ${quoted(dlrk)}, but no queue is bound there for that key: RabbitMQ drops its dead letters silently.`,
      });
    }
    for (const target of targets) {
      const key = queueKey(vhost, target);
      let sources = dlqs.get(key);
      if (!sources) dlqs.set(key, (sources = []));
      sources.push({ vhost, queue: name, exchange: dlx, routingKey: dlrk });
    }
  }
  return { dlqs, warnings };
}
