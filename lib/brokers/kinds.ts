// The cluster-kind registry: every kind the console knows, each described once. The only place
// (with lib/brokers/connectors.ts, the server-side half) that lists kinds by name: code elsewhere
// asks kindInfo(kind) for words and capabilities. Safe anywhere, the browser too.
import { kafkaKind } from "./kafka/kafka-kind";
import type { BrokerKindInfo } from "./kind-info";
import { natsKind } from "./nats/nats-kind";
import { rabbitmqKind } from "./rabbitmq/rabbitmq-kind";
import { redisStreamsKind } from "./redis-streams/redis-streams-kind";

export const BROKER_KINDS = {
  kafka: kafkaKind,
  nats: natsKind,
  rabbitmq: rabbitmqKind,
  "redis-streams": redisStreamsKind,
} as const satisfies Record<string, BrokerKindInfo>;

export type ClusterKind = keyof typeof BROKER_KINDS;

/** Every kind, in the order the add-cluster form offers them. */
export const CLUSTER_KINDS = Object.keys(BROKER_KINDS) as ClusterKind[];

export function isClusterKind(kind: unknown): kind is ClusterKind {
  return typeof kind === "string" && Object.hasOwn(BROKER_KINDS, kind);
}

/** The kind's descriptor (words, capabilities, ...). */
export function kindInfo(kind: ClusterKind): BrokerKindInfo<ClusterKind> {
  return BROKER_KINDS[kind];
}

/** The kind's capabilities (what requeue, replay, discard, reset and DLQ discovery decide by). */
export function capabilitiesOf(kind: ClusterKind) {
  return BROKER_KINDS[kind].capabilities;
}
