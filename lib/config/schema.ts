import { z } from "zod";

// Shared by the config file, the database-backed clusters and the cluster API: one shape for a cluster.
const clusterId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, "use letters, digits, '.', '_' or '-'");

const saslSchema = z.object({
  mechanism: z.enum(["plain", "scram-sha-256", "scram-sha-512"]),
  username: z.string().min(1),
  password: z.string().min(1),
});

export const kafkaClusterSchema = z.object({
  id: clusterId,
  name: z.string().min(1).max(120),
  kind: z.literal("kafka"),
  brokers: z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, "expected host:port")).min(1),
  ssl: z.boolean().optional(),
  sasl: saslSchema.optional(),
  samplingIntervalMs: z.number().int().min(1000).max(600_000).optional(),
  /** Topics that are DLQs although their names follow no convention. */
  dlqTopics: z.array(z.string().min(1)).optional(),
});

export const natsClusterSchema = z.object({
  id: clusterId,
  name: z.string().min(1).max(120),
  kind: z.literal("nats"),
  servers: z.array(z.string().min(1)).min(1),
  token: z.string().min(1).optional(),
  user: z.string().min(1).optional(),
  pass: z.string().min(1).optional(),
  samplingIntervalMs: z.number().int().min(1000).max(600_000).optional(),
  dlqTopics: z.array(z.string().min(1)).optional(),
});

export const clusterConfigSchema = z.discriminatedUnion("kind", [kafkaClusterSchema, natsClusterSchema]);

// Column and table names are only ever used after they were found in the database catalog, and then
// quoted (lib/idempotency/postgres); this check just keeps obvious junk out of the config.
const sqlName = z.string().min(1).max(128);

export const idempotencyStoreSchema = z.discriminatedUnion("kind", [
  z.object({
    id: clusterId,
    kind: z.literal("redis"),
    url: z.string().min(1),
    pattern: z.string().min(1),
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

/**
 * How the event id is taken from a message of a topic (or stream): the key, a header, or a JSON path
 * into the value. `topic` is an exact name or a glob ("orders.*"; `*` matches any run of characters).
 */
export const eventIdRuleSchema = z.discriminatedUnion("from", [
  z.object({ topic: z.string().min(1), from: z.literal("key") }),
  z.object({ topic: z.string().min(1), from: z.literal("header"), header: z.string().min(1) }),
  z.object({
    topic: z.string().min(1),
    from: z.literal("json"),
    path: z
      .string()
      .regex(/^\$((\.[A-Za-z_$][\w$-]*)|(\[\d+\])|(\['[^']+'\])|(\["[^"]+"\]))+$/, 'a JSON path such as "$.id" or "$.data.order_id"'),
  }),
]);

export const configFileSchema = z
  .object({
    clusters: z.array(clusterConfigSchema).default([]),
    idempotency: z.array(idempotencyStoreSchema).default([]),
    eventIds: z.array(eventIdRuleSchema).optional(),
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
  });

export type ClusterConfig = z.infer<typeof clusterConfigSchema>;
export type KafkaClusterConfig = z.infer<typeof kafkaClusterSchema>;
export type NatsClusterConfig = z.infer<typeof natsClusterSchema>;
export type IdempotencyStoreConfig = z.infer<typeof idempotencyStoreSchema>;
export type RedisStoreConfig = Extract<IdempotencyStoreConfig, { kind: "redis" }>;
export type PostgresStoreConfig = Extract<IdempotencyStoreConfig, { kind: "postgres" }>;
export type EventIdRule = z.infer<typeof eventIdRuleSchema>;
export type ConfigFile = z.infer<typeof configFileSchema>;
