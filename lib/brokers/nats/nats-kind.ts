import type { BrokerKindInfo } from "../kind-info";

// NATS JetStream as the console describes it: safe anywhere (no client library here).
export const natsKind: BrokerKindInfo<"nats"> = {
  kind: "nats",
  label: "JetStream",
  formLabel: "NATS JetStream",
  shortLabel: "JS",
  vocabulary: {
    topics: "Streams",
    topic: "stream",
    consumers: "Consumers",
    consumer: "consumer",
    consumerInSentence: "consumer",
    offset: "Sequence",
    target: "subject",
    nodes: "Servers",
    dlq: "DLQ stream",
    consumerColumn: "Consumer (stream.consumer)",
    noConsumersHint: " (no durable consumers)",
  },
  form: {
    idPlaceholder: "prod-nats",
    namePlaceholder: "Production NATS",
    endpointsHint: "Comma-separated, e.g. nats://127.0.0.1:4222",
    endpointsPlaceholder: "nats://nats-1:4222, nats://nats-2:4222",
  },
  clusterPage: { clusterId: "Cluster name", settingsTitle: "JetStream account: limits and usage", showsController: false },
  capabilities: {
    deletesSingleMessages: true,
    deduplicatesPublishes: true,
    hasPartitions: false,
    hasSubjects: true,
    resetsPositions: "consumer",
    reportsDeliveryAdvisories: true,
    keepsPendingEntries: false,
  },
  endpointsField: "servers",
  secretFields: [
    { path: "token", boxKey: "token" },
    { path: "pass", boxKey: "pass" },
  ],
  metricsPrefix: "jetstream",
  dlqMessageIdFormat: "<seq>",
  authView(config) {
    return { token: config.token !== undefined, user: (config.user as string | undefined) ?? null, pass: config.pass !== undefined };
  },
  // Streams named DLQ or ending in _DLQ / -DLQ, or capturing only dlq.* subjects.
  isDlqByConvention(name, subjects) {
    if (name.toUpperCase() === "DLQ" || /[_-]DLQ$/i.test(name)) return true;
    return subjects.length > 0 && subjects.every((subject) => subject.toLowerCase().startsWith("dlq."));
  },
};
