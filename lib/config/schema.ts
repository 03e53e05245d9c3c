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
});

export const clusterConfigSchema = z.discriminatedUnion("kind", [kafkaClusterSchema, natsClusterSchema]);

export const idempotencyStoreSchema = z.discriminatedUnion("kind", [
  z.object({ id: clusterId, kind: z.literal("redis"), url: z.string().min(1), pattern: z.string().min(1) }),
  z.object({
    id: clusterId,
    kind: z.literal("postgres"),
    url: z.string().min(1),
    table: z.string().min(1),
    keyColumn: z.string().min(1),
  }),
]);

export const configFileSchema = z
  .object({
    clusters: z.array(clusterConfigSchema).default([]),
    idempotency: z.array(idempotencyStoreSchema).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.clusters.forEach((cluster, index) => {
      if (seen.has(cluster.id)) {
        ctx.addIssue({ code: "custom", path: ["clusters", index, "id"], message: `duplicate cluster id "${cluster.id}"` });
      }
      seen.add(cluster.id);
    });
  });

export type ClusterConfig = z.infer<typeof clusterConfigSchema>;
export type KafkaClusterConfig = z.infer<typeof kafkaClusterSchema>;
export type NatsClusterConfig = z.infer<typeof natsClusterSchema>;
export type IdempotencyStoreConfig = z.infer<typeof idempotencyStoreSchema>;
export type ConfigFile = z.infer<typeof configFileSchema>;
