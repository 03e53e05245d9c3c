import type { BrokerKindInfo } from "../kind-info";
import { isDlqKey } from "./redis-stream-names";
import { normalizeStreamId, parseStreamId } from "./stream-ids";

// Redis Streams as the console describes it: safe anywhere (no client library here).
export const redisStreamsKind: BrokerKindInfo<"redis-streams"> = {
  kind: "redis-streams",
  label: "Redis Streams",
  formLabel: "Redis Streams",
  shortLabel: "Redis",
  vocabulary: {
    topics: "Streams",
    topic: "stream",
    consumers: "Consumer groups",
    consumer: "group",
    consumerInSentence: "consumer group",
    offset: "Entry id",
    target: "stream",
    nodes: "Servers",
    dlq: "dead-letter stream",
    consumerColumn: "Group (stream.group)",
    noConsumersHint: " (no consumer groups)",
  },
  form: {
    idPlaceholder: "prod-redis-streams",
    namePlaceholder: "Production Redis Streams",
    endpointsLabel: "Redis URL",
    endpointsHint: "redis:// or rediss://, without the password (give it below)",
    endpointsPlaceholder: "redis://redis-1:6379",
    extraFields: ["pattern"],
  },
  // The server's node is marked isController when INFO says role:master (redis-server-info.ts).
  clusterPage: { clusterId: "Server", settingsTitle: "Server settings that matter", showsController: false, leadNodeRole: "master" },
  capabilities: {
    // XDEL removes one entry; the requeue script deletes the dead-letter entry in the same atomic step.
    deletesSingleMessages: true,
    deduplicatesPublishes: false,
    hasPartitions: false,
    hasSubjects: false,
    // XGROUP SETID moves the group in place, consumers connected or not.
    resetsPositions: "consumer",
    reportsDeliveryAdvisories: false,
    keepsPendingEntries: true,
  },
  endpointsField: "url",
  secretFields: [{ path: "password", boxKey: "password" }],
  metricsPrefix: "redis_streams",
  // The connector's default (redis-streams-connector.ts): every stream key.
  watchedPattern: (config) => (typeof config.pattern === "string" ? config.pattern : "*"),
  dlqMessageIdFormat: "<ms>-<seq>",
  // A DLQ message id is the entry id itself (lossless; the offset is only positional).
  messageIds: {
    parse: (id) => (parseStreamId(id) ? { partition: 0, offset: -1, id: normalizeStreamId(id) } : null),
  },
  isDlqByConvention: (name) => isDlqKey(name),
  authView(config) {
    return { user: (config.username as string | undefined) ?? null, pass: config.password !== undefined };
  },
};
