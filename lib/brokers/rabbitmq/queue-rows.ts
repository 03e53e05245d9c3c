import { amqpTimestampToMs } from "./amqp-values";
import type { AmqpArguments, QueueRow } from "./management-types";

// Management API queue rows -> the figures the console shows and samples. Pure.

export type RabbitQueueType = "classic" | "quorum" | "stream";

export interface RabbitQueue {
  vhost: string;
  name: string;
  type: RabbitQueueType;
  durable: boolean;
  state: string | null;
  ready: number;
  unacked: number;
  /** ready + unacked as the broker counts them (stream queues: every message stored). */
  total: number;
  /** What is waiting for consumers: ready + unacked; null on a stream queue (it keeps every message, readers track their own offset). */
  lag: number | null;
  consumers: number;
  memory: number | null;
  /** Per second, as the management plugin computed it over its last sample interval; null when it has no figure. */
  rates: { publish: number | null; deliver: number | null; ack: number | null; redeliver: number | null };
  /** Cumulative counters since the queue's statistics began; null when the broker has none yet. */
  counters: { publish: number | null; deliver: number | null; ack: number | null; redeliver: number | null };
  arguments: AmqpArguments;
  policy: string | null;
  deadLetterExchange: string | null;
  deadLetterRoutingKey: string | null;
  deliveryLimit: number | null;
  messageTtlMs: number | null;
  maxLength: number | null;
  /** Age of the message at the head (classic queues whose messages carry a timestamp property); null where the broker cannot say. */
  oldestMessageAgeMs: number | null;
}

const count = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0);
const numberOrNull = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const stringOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

export function queueType(row: Pick<QueueRow, "type" | "arguments">): RabbitQueueType {
  const type = row.type ?? (row.arguments?.["x-queue-type"] as string | undefined);
  return type === "quorum" || type === "stream" ? type : "classic";
}

function policyDefinition(row: QueueRow): AmqpArguments {
  const definition = row.effective_policy_definition;
  return definition && !Array.isArray(definition) && typeof definition === "object" ? definition : {};
}

/**
 * A setting from the queue's arguments or its policy, resolved as RabbitMQ does: for the dead-letter
 * exchange and routing key the queue argument wins; for limits (TTL, length, delivery limit) the
 * smaller of the two applies.
 */
function stringSetting(row: QueueRow, argument: string, policyKey: string): string | null {
  return stringOrNull(row.arguments?.[argument]) ?? stringOrNull(policyDefinition(row)[policyKey]);
}

function limitSetting(row: QueueRow, argument: string, policyKey: string): number | null {
  const values = [numberOrNull(row.arguments?.[argument]), numberOrNull(policyDefinition(row)[policyKey])].filter((value): value is number => value !== null);
  return values.length ? Math.min(...values) : null;
}

export function toRabbitQueue(row: QueueRow, nowMs: number): RabbitQueue {
  const type = queueType(row);
  const ready = count(row.messages_ready);
  const unacked = count(row.messages_unacknowledged);
  const stats = row.message_stats ?? {};
  const head = numberOrNull(row.head_message_timestamp);
  return {
    vhost: row.vhost,
    name: row.name,
    type,
    durable: row.durable ?? true,
    state: row.state ?? null,
    ready,
    unacked,
    total: row.messages === undefined ? ready + unacked : count(row.messages),
    lag: type === "stream" ? null : ready + unacked,
    consumers: count(row.consumers),
    memory: numberOrNull(row.memory),
    rates: {
      publish: numberOrNull(stats.publish_details?.rate),
      deliver: numberOrNull(stats.deliver_get_details?.rate),
      ack: numberOrNull(stats.ack_details?.rate),
      redeliver: numberOrNull(stats.redeliver_details?.rate),
    },
    counters: {
      publish: numberOrNull(stats.publish),
      deliver: numberOrNull(stats.deliver_get),
      ack: numberOrNull(stats.ack),
      redeliver: numberOrNull(stats.redeliver),
    },
    arguments: row.arguments ?? {},
    policy: stringOrNull(row.policy),
    deadLetterExchange: stringSetting(row, "x-dead-letter-exchange", "dead-letter-exchange"),
    deadLetterRoutingKey: stringSetting(row, "x-dead-letter-routing-key", "dead-letter-routing-key"),
    deliveryLimit: limitSetting(row, "x-delivery-limit", "delivery-limit"),
    messageTtlMs: limitSetting(row, "x-message-ttl", "message-ttl"),
    maxLength: limitSetting(row, "x-max-length", "max-length"),
    // head_message_timestamp is the head message's `timestamp` property; a clock ahead of ours reads as 0.
    oldestMessageAgeMs: head !== null && head > 0 && ready > 0 ? Math.max(0, nowMs - amqpTimestampToMs(head)) : null,
  };
}

export function toRabbitQueues(rows: QueueRow[], nowMs: number, vhosts?: readonly string[]): RabbitQueue[] {
  const wanted = vhosts && vhosts.length ? new Set(vhosts) : null;
  return rows
    .filter((row) => typeof row?.name === "string" && typeof row.vhost === "string" && (!wanted || wanted.has(row.vhost)))
    .map((row) => toRabbitQueue(row, nowMs));
}
