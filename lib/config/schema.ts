import { z } from "zod";
import { MAX_PATTERN_LENGTH } from "@/lib/patterns/wildcard-match";
import { traceLinkTemplateProblem } from "@/lib/trace-links/trace-link-template";
import { checkMetricsSourceIds, metricsSourceSchema } from "@/lib/metrics-sources/config-schema";
import { outboxSourceSchema } from "@/lib/outbox/source-schema";

// Shared by the config file, the database-backed clusters and the cluster API: one shape for a cluster.
const clusterId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, "use letters, digits, '.', '_' or '-'")
  .describe("Letters, digits, '.', '_' or '-'.");
const SAMPLING = "How often the sampler reads offsets (default 5000).";

/** Also the mechanism GET /api/v1/clusters shows for a UI-added Kafka cluster (lib/contract/clusters.ts). */
export const saslMechanism = z.enum(["plain", "scram-sha-256", "scram-sha-512"]);

const saslSchema = z.object({
  mechanism: saslMechanism,
  username: z.string().min(1),
  password: z.string().min(1),
});

export const kafkaClusterSchema = z.object({
  id: clusterId,
  name: z.string().min(1).max(120),
  kind: z.literal("kafka"),
  brokers: z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, "expected host:port").describe("host:port")).min(1),
  ssl: z.boolean().optional(),
  sasl: saslSchema.optional(),
  samplingIntervalMs: z.number().int().min(1000).max(600_000).describe(SAMPLING).optional(),
  dlqTopics: z.array(z.string().min(1)).describe("Topics (streams) that are DLQs although their names follow no convention.").optional(),
});

export const natsClusterSchema = z.object({
  id: clusterId,
  name: z.string().min(1).max(120),
  kind: z.literal("nats"),
  servers: z.array(z.string().min(1)).min(1),
  token: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  pass: z.string().min(1).optional(),
  samplingIntervalMs: z.number().int().min(1000).max(600_000).describe(SAMPLING).optional(),
  dlqTopics: z.array(z.string().min(1)).describe("Topics (streams) that are DLQs although their names follow no convention.").optional(),
});

// API.md "Additions (2026-12-06)". Credentials: in the AMQP URL (amqp://user:pass@host), or `user`/`pass`
// (which win, and are what the management API is asked with; a `${ENV}` reference keeps them out of the file).
export const rabbitmqClusterSchema = z.object({
  id: clusterId,
  name: z.string().min(1).max(120),
  kind: z.literal("rabbitmq"),
  url: z.string().regex(/^amqps?:\/\/[^\s]+$/i, "an amqp:// or amqps:// URL"),
  managementUrl: z.string().regex(/^https?:\/\/[^\s]+$/i, "the management API's http:// or https:// URL"),
  vhosts: z.array(z.string().min(1).max(255)).min(1).max(100).describe("Vhosts to watch (default [\"/\"]).").optional(),
  user: z.string().min(1).optional(),
  pass: z.string().min(1).optional(),
  samplingIntervalMs: z.number().int().min(1000).max(600_000).describe(SAMPLING).optional(),
  dlqTopics: z.array(z.string().min(1)).describe("Queues that are DLQs although no dead-letter exchange leads to them.").optional(),
});

export const redisStreamsClusterSchema = z.object({
  id: clusterId,
  name: z.string().min(1).max(120),
  kind: z.literal("redis-streams"),
  /** redis:// or rediss:// (TLS), with the database number as the path. */
  url: z.string().regex(/^rediss?:\/\/[^\s]+$/, "expected redis://host:port or rediss://host:port"),
  // SCAN ... MATCH <pattern> TYPE stream.
  pattern: z.string().min(1).max(MAX_PATTERN_LENGTH).describe("Glob of the stream keys to watch (default: every stream).").optional(),
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  samplingIntervalMs: z.number().int().min(1000).max(600_000).describe(SAMPLING).optional(),
  dlqTopics: z.array(z.string().min(1)).describe("Streams that are dead-letter streams although they do not end in \":dlq\".").optional(),
  deadLetterStreams: z
    .record(z.string().min(1), z.string().min(1))
    .describe("Where entries of a stream are dead-lettered when not `<stream>:dlq`: {\"orders\": \"orders-poison\"}.")
    .optional(),
  // A pending entry delivered this often counts as poison (status WARN).
  deliveryLimit: z.number().int().min(1).max(1_000_000).describe("Deliveries after which a pending entry counts as poison (default 5).").optional(),
});

export const clusterConfigSchema = z.discriminatedUnion("kind", [kafkaClusterSchema, natsClusterSchema, rabbitmqClusterSchema, redisStreamsClusterSchema]);

const URL_PASSWORD_MESSAGE = "give the password in its own field (stored encrypted), not in the URL";

// The body of POST/PUT /api/v1/clusters (lib/contract/clusters.ts ClusterInput is this schema): like the config, except that a secret sent as "" means
// "keep the stored one" (the form never receives stored secrets, so it cannot send them back).
// Leaving a field out (or null) removes it, as a PUT replaces the whole config.
export const clusterInputSchema = z.discriminatedUnion("kind", [
  kafkaClusterSchema.extend({
    sasl: saslSchema.extend({ password: z.string() }).nullable().optional(),
  }),
  natsClusterSchema.extend({
    token: z.string().nullable().optional(),
    user: z.string().min(1).nullable().optional(),
    pass: z.string().nullable().optional(),
  }),
  // A URL's own password would be stored in the clear and shown to no one's benefit: the form's
  // password field is sealed like the other kinds' secrets, so a URL with one is refused here.
  rabbitmqClusterSchema.extend({
    url: rabbitmqClusterSchema.shape.url
      .refine((url) => !urlHasPassword(url), URL_PASSWORD_MESSAGE)
      .describe("amqp:// or amqps:// URL, without a password (give it in `pass`)."),
    managementUrl: rabbitmqClusterSchema.shape.managementUrl
      .refine((url) => !urlHasPassword(url), URL_PASSWORD_MESSAGE)
      .describe("The management API's http(s):// URL, without a password."),
    user: z.string().min(1).nullable().optional(),
    pass: z.string().nullable().optional(),
  }),
  redisStreamsClusterSchema.extend({
    url: redisStreamsClusterSchema.shape.url
      .refine((url) => !urlHasPassword(url), URL_PASSWORD_MESSAGE)
      .describe("redis:// or rediss:// URL, without a password (give it in `password`)."),
    username: z.string().min(1).nullable().optional(),
    password: z.string().nullable().optional(),
  }),
]).describe(
  "A cluster as in the configuration file. On PUT, a secret sent as \"\" keeps the stored one, unless the edit changes brokers/servers/url (RabbitMQ: or managementUrl) or turns Kafka's ssl off: then it must be given again (400 naming it); leaving a secret out (or null) removes it.",
);

/** Whether a URL carries a password (user:pass@), which a stored cluster keeps in its sealed fields instead. */
function urlHasPassword(url: string): boolean {
  try {
    return new URL(url).password !== "";
  } catch {
    return /^[a-z]+:\/\/[^/@]*:[^/@]*@/i.test(url);
  }
}

// Column and table names are only ever used after they were found in the database catalog, and then
// quoted (lib/idempotency/postgres); this check just keeps obvious junk out of the config.
const sqlName = z.string().min(1).max(128);

export const idempotencyStoreSchema = z.discriminatedUnion("kind", [
  z.object({
    id: clusterId,
    kind: z.literal("redis"),
    url: z.string().min(1),
    pattern: z.string().min(1).max(MAX_PATTERN_LENGTH),
    /** The TTL records are written with (EX 3600): lets "new per minute" be derived from remaining TTLs. */
    ttlSeconds: z.number().int().min(1).max(10 * 365 * 86_400).optional(),
  }),
  z.object({
    id: clusterId,
    kind: z.literal("postgres"),
    url: z.string().min(1),
    /** "processed_events" or "schema.processed_events". */
    table: sqlName,
    keyColumn: sqlName,
    processedAtColumn: sqlName.optional(),
    consumerColumn: sqlName.optional(),
    valueColumn: sqlName.optional(),
  }),
]);

// Globs are matched in (text + 1) x (pattern + 1) steps at most (lib/patterns): the length bounds the work.
const eventIdTopic = z.string().min(1).max(MAX_PATTERN_LENGTH);

/**
 * How the event id is taken from a message of a topic (or stream): the key, a header, or a JSON path
 * into the value. `topic` is an exact name or a glob ("orders.*"; `*` matches any run of characters).
 */
export const eventIdRuleSchema = z.discriminatedUnion("from", [
  z.object({ topic: eventIdTopic, from: z.literal("key") }),
  z.object({ topic: eventIdTopic, from: z.literal("header"), header: z.string().min(1) }),
  z.object({
    topic: eventIdTopic,
    from: z.literal("json"),
    path: z
      .string()
      .regex(/^\$((\.[A-Za-z_$][\w$-]*)|(\[\d+\])|(\['[^']+'\])|(\["[^"]+"\]))+$/, 'a JSON path such as "$.id" or "$.data.order_id"'),
  }),
]);

/**
 * Links from a message's trace id (traceparent / uber-trace-id headers) to a tracing UI:
 * {"urlTemplate": "https://jaeger.example/trace/{traceId}"}. Checked here, at load, so a bad template
 * is a config error rather than a bad link.
 */
export const traceLinksSchema = z.object({
  urlTemplate: z.string().superRefine((template, ctx) => {
    const problem = traceLinkTemplateProblem(template);
    if (problem) ctx.addIssue({ code: "custom", message: `trace link template ${problem}` });
  }),
});

export const configFileSchema = z
  .object({
    clusters: z.array(clusterConfigSchema).default([]),
    idempotency: z.array(idempotencyStoreSchema).default([]),
    eventIds: z.array(eventIdRuleSchema).optional(),
    traceLinks: traceLinksSchema.optional(),
    /** Prometheus endpoints of services, scraped for event processing outcomes (lib/metrics-sources). */
    metrics: z.array(metricsSourceSchema).optional(),
    /** Transactional outbox tables (lib/outbox/source-schema.ts). */
    outbox: z.array(outboxSourceSchema).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.clusters.forEach((cluster, index) => {
      if (seen.has(cluster.id)) {
        ctx.addIssue({ code: "custom", path: ["clusters", index, "id"], message: `duplicate cluster id "${cluster.id}"` });
      }
      seen.add(cluster.id);
    });
    const stores = new Set<string>();
    config.idempotency.forEach((store, index) => {
      if (stores.has(store.id)) {
        ctx.addIssue({ code: "custom", path: ["idempotency", index, "id"], message: `duplicate idempotency store id "${store.id}"` });
      }
      stores.add(store.id);
    });
    checkMetricsSourceIds(config.metrics, ctx);
    const outboxes = new Set<string>();
    config.outbox.forEach((source, index) => {
      if (outboxes.has(source.id)) ctx.addIssue({ code: "custom", path: ["outbox", index, "id"], message: `duplicate outbox id "${source.id}"` });
      outboxes.add(source.id);
    });
  });

export type ClusterConfig = z.infer<typeof clusterConfigSchema>;
export type ClusterInput = z.infer<typeof clusterInputSchema>;
export type KafkaClusterConfig = z.infer<typeof kafkaClusterSchema>;
export type NatsClusterConfig = z.infer<typeof natsClusterSchema>;
export type RabbitmqClusterConfig = z.infer<typeof rabbitmqClusterSchema>;
export type RedisStreamsClusterConfig = z.infer<typeof redisStreamsClusterSchema>;
export type IdempotencyStoreConfig = z.infer<typeof idempotencyStoreSchema>;
export type RedisStoreConfig = Extract<IdempotencyStoreConfig, { kind: "redis" }>;
export type PostgresStoreConfig = Extract<IdempotencyStoreConfig, { kind: "postgres" }>;
export type EventIdRule = z.infer<typeof eventIdRuleSchema>;
export type TraceLinksConfig = z.infer<typeof traceLinksSchema>;
export type ConfigFile = z.infer<typeof configFileSchema>;
