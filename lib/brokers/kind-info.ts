// What the console knows about a cluster kind apart from its connector: names and words for the UI,
// its capabilities, how its DLQ message ids look, its Prometheus prefix, where its config keeps the
// endpoints and the secrets. One descriptor per kind (lib/brokers/<kind>/<kind>-kind.ts), collected in
// the registry (lib/brokers/kinds.ts). Plain data and pure functions: safe anywhere, the browser too.
import type { BrokerCapabilities } from "./capabilities";
import type { MessagePosition } from "./types";
import type { ClusterAuthView } from "@/lib/contract/clusters";

export interface KindVocabulary {
  /** "Topics" / "Streams" */
  topics: string;
  /** "topic" / "stream" */
  topic: string;
  /** "Consumer groups" / "Consumers" */
  consumers: string;
  /** "group" / "consumer" */
  consumer: string;
  /** "consumer group" / "consumer", in a sentence. */
  consumerInSentence: string;
  /** "Offset" / "Sequence" */
  offset: string;
  /** Where requeued or replayed copies go: "topic" / "subject". */
  target: string;
  /** "Brokers" / "Servers" */
  nodes: string;
  /** "DLQ topic" / "DLQ stream" */
  dlq: string;
  /** The consumer list's first column: "Group" / "Consumer (stream.consumer)". */
  consumerColumn: string;
  /** Added to "Nothing consumes from this cluster yet": "" / " (no durable consumers)". */
  noConsumersHint: string;
}

/** What the cluster page shows of the cluster (lib/brokers/<kind>/<kind>-cluster-info.ts fills it). */
/**
 * The words of a partitioned log (Kafka's): Kafka's own vocabulary, and the console's while a
 * cluster's kind is not known yet (lib/client/cluster-labels.ts).
 */
export const PARTITIONED_LOG_VOCABULARY: KindVocabulary = {
  topics: "Topics",
  topic: "topic",
  consumers: "Consumer groups",
  consumer: "group",
  consumerInSentence: "consumer group",
  offset: "Offset",
  target: "topic",
  nodes: "Brokers",
  dlq: "DLQ topic",
  consumerColumn: "Group",
  noConsumersHint: "",
};

export interface ClusterPageLabels {
  /** "Cluster id" / "Cluster name" */
  clusterId: string;
  /** The title over the settings that matter. */
  settingsTitle: string;
  /** Whether the cluster has an active controller worth a figure (Kafka). */
  showsController: boolean;
  /**
   * The role badge of the node marked isController, in the kind's own word ("master" for a Redis
   * that accepts writes); "controller" when a kind does not name it.
   */
  leadNodeRole?: string;
}

/** A secret of the config: where it sits (a dotted path) and its name in the sealed box. */
export interface SecretField {
  path: string;
  /** The key in the sealed secrets' JSON (kept stable: stored rows are read with it). */
  boxKey: string;
}

/** A kind's own config fields that the add-cluster form can show (each has its input there). */
export type ClusterFormExtraField = "managementUrl" | "vhosts" | "pattern";

export interface BrokerKindInfo<Kind extends string = string> {
  kind: Kind;
  /** "Kafka", "JetStream": the kind's name in lists and titles. */
  label: string;
  /** "Kafka", "NATS JetStream": the kind in the add-cluster form's picker. */
  formLabel: string;
  /** A few letters for narrow places (the sidebar). */
  shortLabel: string;
  vocabulary: KindVocabulary;
  clusterPage: ClusterPageLabels;
  /** Placeholders and hints of the add-cluster form. */
  form: {
    idPlaceholder: string;
    namePlaceholder: string;
    /** The endpoints field's label where it is not the nodes' word (one URL: "AMQP URL"). */
    endpointsLabel?: string;
    endpointsHint: string;
    endpointsPlaceholder: string;
    /** Config fields of this kind beyond the endpoints that the form asks for (RabbitMQ's management URL). */
    extraFields?: ClusterFormExtraField[];
  };
  capabilities: BrokerCapabilities;
  /** The config field listing where to connect ("brokers", "servers"). */
  endpointsField: string;
  /** The config's secret fields (sealed in the database, never shown). */
  secretFields: SecretField[];
  /** Prefix of the broker's own Prometheus names (kafka_*, jetstream_*). */
  metricsPrefix: string;
  /**
   * The glob naming what a cluster watches when it is not the whole broker (Redis Streams: the stream
   * keys' pattern), from its config or its API view (the same field), so an empty cluster can say that
   * nothing matches it rather than seem to wait.
   */
  watchedPattern?(config: Record<string, unknown>): string;
  /**
   * A per-topic gauge of the messages it holds under the name the broker's own exporter uses
   * (RabbitMQ: rabbitmq_queue_messages{queue}), so existing dashboards and alerts keep working.
   */
  topicMessagesMetric?: { name: string; help: string; topicLabel: string };
  /** How the API writes a DLQ message id, for error messages ("<partition>-<offset>"). */
  dlqMessageIdFormat: string;
  /** What the API shows of a config's credentials: whether they are set, never their values. */
  authView(config: Record<string, unknown>): ClusterAuthView;
  /**
   * Beyond a change of endpoints: why an edit would send kept secrets in a weaker way (TLS turned
   * off, a mechanism that sends the password itself), or null.
   */
  credentialDowngrade?(input: Record<string, unknown>, stored: Record<string, unknown>): string | null;
  /**
   * Brokers whose messages carry an id (RawMessage.id, Redis Streams' entry id): the DLQ message id is
   * that id, and this reads one back into a position (with the id; the offset is only positional).
   */
  messageIds?: {
    parse(id: string): MessagePosition | null;
  };
  /**
   * DLQ message ids are derived from the messages (RawMessage.stableId, 32 hex digits), not positions:
   * RabbitMQ, whose queues have no stable positions. Such an id is also the message's requeue marker.
   */
  derivedDlqIds?: boolean;
  /** What a requeue does to the DLQ beyond sending, said in the requeue dialog (RabbitMQ: held messages return). */
  requeueNotice?: string;
  /** Names this broker's operators give DLQs beyond the shared conventions (lib/dlq/dlq-names.ts). */
  isDlqByConvention?(name: string, subjects: string[]): boolean;
}
