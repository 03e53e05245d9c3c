import "server-only";
import type { ClusterConfig } from "@/lib/config/schema";
import { KafkaConnector } from "./kafka/kafka-connector";
import { NatsConnector } from "./nats/nats-connector";
import { RabbitmqConnector } from "./rabbitmq/rabbitmq-connector";
import { RedisStreamsConnector } from "./redis-streams/redis-streams-connector";
import type { ClusterKind } from "./kinds";
import type { BrokerConnector } from "./types";

// The server-side half of the cluster-kind registry (lib/brokers/kinds.ts): how each kind's
// connector is made. A new kind adds one line here.
type ConfigOf<K extends ClusterKind> = Extract<ClusterConfig, { kind: K }>;

const FACTORIES: { [K in ClusterKind]: (config: ConfigOf<K>) => BrokerConnector } = {
  kafka: (config) => new KafkaConnector(config),
  nats: (config) => new NatsConnector(config),
  rabbitmq: (config) => new RabbitmqConnector(config),
  "redis-streams": (config) => new RedisStreamsConnector(config),
};

export function newConnector(config: ClusterConfig): BrokerConnector {
  return (FACTORIES[config.kind] as (config: ClusterConfig) => BrokerConnector)(config);
}
