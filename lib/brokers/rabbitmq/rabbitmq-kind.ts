import type { BrokerKindInfo } from "../kind-info";

// RabbitMQ as the console describes it: safe anywhere (no client library here). A "topic" is a queue
// (`<vhost>/<queue>` outside vhost "/"), a "consumer" is the queue's consumers taken together.
export const rabbitmqKind: BrokerKindInfo<"rabbitmq"> = {
  kind: "rabbitmq",
  label: "RabbitMQ",
  formLabel: "RabbitMQ",
  shortLabel: "RMQ",
  vocabulary: {
    topics: "Queues",
    topic: "queue",
    consumers: "Consumers",
    consumer: "queue",
    consumerInSentence: "queue's consumers",
    offset: "Position",
    target: "queue",
    nodes: "Nodes",
    dlq: "DLQ",
    consumerColumn: "Queue",
    noConsumersHint: "",
  },
  form: {
    idPlaceholder: "prod-rabbitmq",
    namePlaceholder: "Production RabbitMQ",
    endpointsLabel: "AMQP URL",
    endpointsHint: "amqp:// or amqps://, without the password (give it below)",
    endpointsPlaceholder: "amqp://rabbit-1:5672",
    extraFields: ["managementUrl", "vhosts"],
  },
  clusterPage: { clusterId: "Cluster name", settingsTitle: "Broker settings that matter", showsController: false },
  capabilities: {
    // A DLQ message is removed by acknowledging it: the requeue delivery does that in the transaction
    // that publishes its copy, discard after marking it discarded.
    deletesSingleMessages: true,
    deduplicatesPublishes: false,
    hasPartitions: false,
    hasSubjects: false,
    resetsPositions: null,
    reportsDeliveryAdvisories: false,
    keepsPendingEntries: false,
  },
  endpointsField: "url",
  secretFields: [{ path: "pass", boxKey: "pass" }],
  metricsPrefix: "rabbitmq",
  topicMessagesMetric: {
    name: "rabbitmq_queue_messages",
    help: "Messages in a queue, ready and unacknowledged (the name of RabbitMQ's own Prometheus plugin)",
    topicLabel: "queue",
  },
  // A queue has no stable positions: a DLQ message is named by a hash of itself (stable-id.ts), which
  // is also its x-eventscope-requeue-id (API.md).
  dlqMessageIdFormat: "32 hex digits, the x-eventscope-requeue-id the console derives",
  derivedDlqIds: true,
  requeueNotice:
    "The requeue consumes the DLQ: each message it sends is published and acknowledged in one transaction. Messages it does not send are held while the job runs (other consumers of the DLQ do not see them) and go back when it ends, marked redelivered: a classic queue keeps their order; on a quorum queue they go behind the others and each return counts as a delivery.",
  // The AMQP URL may hold a password too: only whether one is there is shown, never the URL's userinfo.
  authView(config) {
    const url = typeof config.url === "string" ? config.url : "";
    return { user: (config.user as string | undefined) ?? null, pass: config.pass !== undefined || /^amqps?:\/\/[^/@]*:[^/@]*@/i.test(url) };
  },
  // The management API is asked with the same user and password: a kept password must not follow
  // an edit to another management host.
  credentialDowngrade(input, stored) {
    const norm = (url: unknown) => String(url ?? "").trim().toLowerCase();
    return norm(input.managementUrl) !== norm(stored.managementUrl) ? "the managementUrl changed" : null;
  },
  // Dead-letter queues are found from the dead-letter exchanges and bindings (dead-letter-topology.ts);
  // these names are the usual conventions besides.
  isDlqByConvention(name) {
    return /(^|[._-])(dlq|dead[._-]?letters?|dlx)$/i.test(name);
  },
};
