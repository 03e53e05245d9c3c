import { z } from "zod";
import { invalidInput } from "@/lib/api/errors";
import { clusterConfigSchema, kafkaClusterSchema, natsClusterSchema, type ClusterConfig } from "@/lib/config/schema";
import { isSealedSecret, openSecret, sealSecret } from "@/lib/secrets/secret-box";

// Credentials of UI-added clusters: which fields are secret, how they are sealed in the stored JSON,
// how an edit keeps a secret it leaves empty, and what of them the API may show. Pure (the key is
// passed in, and only asked for when there is a secret); lib/clusters/stored-clusters.ts does the
// reading and writing.
interface ClusterSecrets {
  saslPassword?: string;
  token?: string;
  pass?: string;
}

const SEALED_FIELD = "sealedSecrets";
const contextOf = (id: string) => `cluster:${id}`;

/** The config as stored: secrets removed from their fields and sealed together in one box. */
export function sealClusterConfig(config: ClusterConfig, key: () => Buffer): Record<string, unknown> {
  const secrets: ClusterSecrets = {};
  const stored: Record<string, unknown> = { ...config };
  if (config.kind === "kafka" && config.sasl) {
    secrets.saslPassword = config.sasl.password;
    stored.sasl = { mechanism: config.sasl.mechanism, username: config.sasl.username };
  }
  if (config.kind === "nats") {
    if (config.token !== undefined) secrets.token = config.token;
    if (config.pass !== undefined) secrets.pass = config.pass;
    delete stored.token;
    delete stored.pass;
  }
  if (Object.keys(secrets).length > 0) stored[SEALED_FIELD] = sealSecret(JSON.stringify(secrets), key(), contextOf(config.id));
  return stored;
}

/**
 * The stored JSON with its secrets put back, ready for validation. Rows written before encryption
 * (plain secrets, no box) are returned as they are. Throws when the box cannot be opened.
 */
export function openClusterConfig(stored: Record<string, unknown>, id: string, key: () => Buffer): Record<string, unknown> {
  const box = stored[SEALED_FIELD];
  const config: Record<string, unknown> = { ...stored };
  delete config[SEALED_FIELD];
  if (box === undefined) return config;
  if (!isSealedSecret(box)) throw new Error("its sealed credentials are malformed");
  const secrets = JSON.parse(openSecret(box, key(), contextOf(id))) as ClusterSecrets;
  if (secrets.saslPassword !== undefined && config.sasl && typeof config.sasl === "object") {
    config.sasl = { ...(config.sasl as object), password: secrets.saslPassword };
  }
  if (secrets.token !== undefined) config.token = secrets.token;
  if (secrets.pass !== undefined) config.pass = secrets.pass;
  return config;
}

// The body of POST/PUT /api/v1/clusters: like the config, except that a secret sent as "" means
// "keep the stored one" (the form never receives stored secrets, so it cannot send them back).
// Leaving a field out (or null) removes it, as a PUT replaces the whole config.
const saslSchema = kafkaClusterSchema.shape.sasl.unwrap();
export const clusterInputSchema = z.discriminatedUnion("kind", [
  kafkaClusterSchema.extend({
    sasl: saslSchema.extend({ password: z.string() }).nullable().optional(),
  }),
  natsClusterSchema.extend({
    token: z.string().nullable().optional(),
    user: z.string().min(1).nullable().optional(),
    pass: z.string().nullable().optional(),
  }),
]);
export type ClusterInput = z.infer<typeof clusterInputSchema>;

function dropNulls(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined));
}

const missingSecret = (field: string) => invalidInput(field, "required (there is no stored value to keep)");

/** Fills secrets sent as "" from the stored config; the result still needs validating. */
export function keepStoredSecrets(input: ClusterInput, stored: ClusterConfig | null): ClusterConfig {
  const merged = dropNulls({ ...input }) as Record<string, unknown>;
  if (input.kind === "kafka" && input.sasl) {
    let password = input.sasl.password;
    if (password === "") {
      if (stored?.kind !== "kafka" || !stored.sasl) throw missingSecret("sasl.password");
      password = stored.sasl.password;
    }
    merged.sasl = { ...input.sasl, password };
  }
  if (input.kind === "nats") {
    for (const field of ["token", "pass"] as const) {
      if (input[field] !== "") continue;
      const kept = stored?.kind === "nats" ? stored[field] : undefined;
      if (kept === undefined) throw missingSecret(field);
      merged[field] = kept;
    }
  }
  return clusterConfigSchema.parse(merged);
}

/** What the API shows of a cluster's credentials: whether there are some, never their values. */
export function clusterAuthView(config: ClusterConfig) {
  if (config.kind === "kafka") {
    return { ssl: config.ssl ?? false, sasl: config.sasl ? { mechanism: config.sasl.mechanism, username: config.sasl.username } : null };
  }
  return { token: config.token !== undefined, user: config.user ?? null, pass: config.pass !== undefined };
}
