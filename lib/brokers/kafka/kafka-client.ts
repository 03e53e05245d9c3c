import "server-only";
import { Kafka, logLevel, type Admin, type Producer, type SASLOptions } from "kafkajs";
import type { KafkaClusterConfig } from "@/lib/config/schema";
import { createInternalCluster, type KafkaInternalCluster } from "./internal-cluster";

// Short timeouts and few retries: a console must say "down" in seconds, not hang for 30 s.
const CONNECTION_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 10_000;

export interface KafkaClients {
  kafka: Kafka;
  admin: Admin;
  cluster: KafkaInternalCluster;
  producer: () => Promise<Producer>;
  connect: () => Promise<void>;
  disconnect: () => Promise<void>;
}

export function createKafkaClients(config: KafkaClusterConfig): KafkaClients {
  const kafka = new Kafka({
    clientId: `eventscope-${config.id}`,
    brokers: config.brokers,
    ssl: config.ssl,
    sasl: config.sasl as SASLOptions | undefined,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1_000 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin({ retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1_000 } });
  const cluster = createInternalCluster(kafka);
  let connecting: Promise<void> | undefined;
  let producing: Promise<Producer> | undefined;

  const connect = () => {
    connecting ??= Promise.all([admin.connect(), cluster.connect()]).then(
      () => undefined,
      (error) => {
        connecting = undefined;
        throw error;
      },
    );
    return connecting;
  };

  const producer = () => {
    producing ??= (async () => {
      const created = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
      await created.connect();
      return created;
    })().catch((error) => {
      producing = undefined;
      throw error;
    });
    return producing;
  };

  const disconnect = async () => {
    const pending = producing;
    connecting = undefined;
    producing = undefined;
    await Promise.allSettled([admin.disconnect(), cluster.disconnect(), pending?.then((p) => p.disconnect())]);
  };

  return { kafka, admin, cluster, producer, connect, disconnect };
}
