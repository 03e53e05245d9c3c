import { PARTITIONED_LOG_VOCABULARY, type BrokerKindInfo } from "../kind-info";
import type { SaslMechanism } from "@/lib/contract/clusters";

// Kafka as the console describes it: safe anywhere (no client library here).
export const kafkaKind: BrokerKindInfo<"kafka"> = {
  kind: "kafka",
  label: "Kafka",
  formLabel: "Kafka",
  shortLabel: "Kafka",
  vocabulary: PARTITIONED_LOG_VOCABULARY,
  form: { idPlaceholder: "prod-kafka", namePlaceholder: "Production Kafka", endpointsHint: "Comma-separated host:port", endpointsPlaceholder: "kafka-1:9092, kafka-2:9092" },
  clusterPage: { clusterId: "Cluster id", settingsTitle: "Broker configuration that matters", showsController: true },
  capabilities: {
    deletesSingleMessages: false,
    deduplicatesPublishes: false,
    hasPartitions: true,
    hasSubjects: false,
    resetsPositions: "commit",
    reportsDeliveryAdvisories: false,
    keepsPendingEntries: false,
  },
  endpointsField: "brokers",
  secretFields: [{ path: "sasl.password", boxKey: "saslPassword" }],
  metricsPrefix: "kafka",
  dlqMessageIdFormat: "<partition>-<offset>",
  authView(config) {
    const sasl = config.sasl as { mechanism: SaslMechanism; username: string } | undefined;
    return { ssl: config.ssl === true, sasl: sasl ? { mechanism: sasl.mechanism, username: sasl.username } : null };
  },
  credentialDowngrade(input, stored) {
    if (stored.ssl && !input.ssl) return "TLS was turned off";
    // SCRAM sends the broker a proof, PLAIN the password itself (in clear on the wire without TLS).
    const mechanism = (config: Record<string, unknown>) => (config.sasl as { mechanism?: string } | null | undefined)?.mechanism;
    if (mechanism(stored)?.startsWith("scram") && mechanism(input) === "plain") return "the SASL mechanism changed from SCRAM to PLAIN";
    return null;
  },
};
