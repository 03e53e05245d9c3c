// Shapes of the RabbitMQ management HTTP API answers Eventscope reads (RabbitMQ 3.9+), as far as it
// reads them. Every field is optional: the API leaves out what it has no figure for (a queue's
// message_stats before its first publish, head_message_timestamp on quorum and stream queues).

export type AmqpArguments = Record<string, unknown>;

export interface RateDetails {
  rate?: number;
}

export interface QueueMessageStats {
  publish?: number;
  publish_details?: RateDetails;
  deliver_get?: number;
  deliver_get_details?: RateDetails;
  ack?: number;
  ack_details?: RateDetails;
  redeliver?: number;
  redeliver_details?: RateDetails;
}

export interface QueueRow {
  name: string;
  vhost: string;
  type?: string;
  durable?: boolean;
  auto_delete?: boolean;
  exclusive?: boolean;
  state?: string;
  arguments?: AmqpArguments;
  policy?: string | null;
  effective_policy_definition?: AmqpArguments | [];
  messages?: number;
  messages_ready?: number;
  messages_unacknowledged?: number;
  consumers?: number;
  memory?: number;
  /** Classic queues: the `timestamp` property (seconds) of the message at the head, when it has one. */
  head_message_timestamp?: number | null;
  idle_since?: string;
  message_stats?: QueueMessageStats;
}

export interface ExchangeRow {
  name: string;
  vhost: string;
  type?: string;
  durable?: boolean;
  auto_delete?: boolean;
  internal?: boolean;
  arguments?: AmqpArguments;
}

export interface BindingRow {
  source: string;
  vhost: string;
  destination: string;
  destination_type: "queue" | "exchange" | string;
  routing_key: string;
  arguments?: AmqpArguments;
}

export interface OverviewAnswer {
  cluster_name?: string;
  rabbitmq_version?: string;
  management_version?: string;
  erlang_version?: string;
  node?: string;
  object_totals?: { queues?: number; exchanges?: number; connections?: number; channels?: number; consumers?: number };
  queue_totals?: { messages?: number; messages_ready?: number; messages_unacknowledged?: number };
  message_stats?: {
    publish?: number;
    publish_details?: RateDetails;
    deliver_get?: number;
    deliver_get_details?: RateDetails;
    ack?: number;
    ack_details?: RateDetails;
  };
  listeners?: { node?: string; protocol?: string; ip_address?: string; port?: number }[];
}

export interface VhostRow {
  name: string;
}

/** The queue columns one sampling cycle asks for: no per-queue internals (backing_queue_status, garbage_collection). */
export const QUEUE_COLUMNS = [
  "name",
  "vhost",
  "type",
  "durable",
  "auto_delete",
  "exclusive",
  "state",
  "arguments",
  "policy",
  "effective_policy_definition",
  "messages",
  "messages_ready",
  "messages_unacknowledged",
  "consumers",
  "memory",
  "head_message_timestamp",
  "message_stats.publish",
  "message_stats.publish_details.rate",
  "message_stats.deliver_get",
  "message_stats.deliver_get_details.rate",
  "message_stats.ack",
  "message_stats.ack_details.rate",
  "message_stats.redeliver",
  "message_stats.redeliver_details.rate",
] as const;

export const EXCHANGE_COLUMNS = ["name", "vhost", "type", "durable", "auto_delete", "internal", "arguments"] as const;
export const BINDING_COLUMNS = ["source", "vhost", "destination", "destination_type", "routing_key", "arguments"] as const;
