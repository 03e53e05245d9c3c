import { kindInfo, isClusterKind } from "@/lib/brokers/kinds";
import type { SecretField } from "@/lib/brokers/kind-info";
import { clusterConfigSchema, clusterInputSchema, type ClusterConfig, type ClusterInput } from "@/lib/config/schema";
import { DomainError, invalidInput } from "@/lib/errors";
import { isSealedSecret, openSecret, sealSecret } from "@/lib/secrets/secret-box";

// Credentials of UI-added clusters: which fields are secret (each kind's secretFields, in the
// cluster-kind registry), how they are sealed in the stored JSON, how an edit keeps a secret it leaves
// empty, and what of them the API may show. Pure (the key is passed in, and only asked for when
// there is a secret); lib/clusters/stored-clusters.ts does the reading and writing.

export { clusterInputSchema, type ClusterInput };

type Json = Record<string, unknown>;
const SEALED_FIELD = "sealedSecrets";
const contextOf = (id: string) => `cluster:${id}`;

function secretFieldsOf(kind: unknown): SecretField[] {
  return isClusterKind(kind) ? kindInfo(kind).secretFields : [];
}

/** The value at a dotted path ("sasl.password"), if every step is an object. */
function valueAt(object: Json, path: string): unknown {
  return path.split(".").reduce<unknown>((at, step) => (at && typeof at === "object" ? (at as Json)[step] : undefined), object);
}

/** A copy of `object` with the path set (or removed, for undefined); parents that are not objects are left alone. */
function withValueAt(object: Json, path: string, value: unknown): Json {
  const [step, ...rest] = path.split(".");
  const copy: Json = { ...object };
  if (rest.length === 0) {
    if (value === undefined) delete copy[step];
    else copy[step] = value;
    return copy;
  }
  const child = copy[step];
  if (child && typeof child === "object") copy[step] = withValueAt(child as Json, rest.join("."), value);
  return copy;
}

/** The config as stored: secrets removed from their fields and sealed together in one box. */
export function sealClusterConfig(config: ClusterConfig, key: () => Buffer): Json {
  const secrets: Record<string, unknown> = {};
  let stored: Json = { ...config };
  for (const field of secretFieldsOf(config.kind)) {
    const value = valueAt(stored, field.path);
    if (value !== undefined) secrets[field.boxKey] = value;
    stored = withValueAt(stored, field.path, undefined);
  }
  if (Object.keys(secrets).length > 0) stored[SEALED_FIELD] = sealSecret(JSON.stringify(secrets), key(), contextOf(config.id));
  return stored;
}

/**
 * The stored JSON with its secrets put back, ready for validation. Rows written before encryption
 * (plain secrets, no box) are returned as they are. Throws when the box cannot be opened.
 */
export function openClusterConfig(stored: Json, id: string, key: () => Buffer): Json {
  const box = stored[SEALED_FIELD];
  let config: Json = { ...stored };
  delete config[SEALED_FIELD];
  if (box === undefined) return config;
  if (!isSealedSecret(box)) throw new Error("its sealed credentials are malformed");
  const secrets = JSON.parse(openSecret(box, key(), contextOf(id))) as Record<string, unknown>;
  for (const field of secretFieldsOf(config.kind)) {
    if (secrets[field.boxKey] !== undefined) config = withValueAt(config, field.path, secrets[field.boxKey]);
  }
  return config;
}

function dropNulls(input: Json): Json {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined));
}

const missingSecret = (field: string) => invalidInput(field, "required (there is no stored value to keep)");

/**
 * Why stored secrets may not be kept: the edit sends the cluster somewhere else (other brokers or
 * servers), or sends the secret in a weaker way (each kind's credentialDowngrade: Kafka without TLS
 * where it had it, PLAIN where it was SCRAM), and a kept secret would then reach a host or a wire the
 * admin who typed it never chose. Null when the edit keeps the cluster where it was. The lists are
 * compared as sets, case-insensitively: reordering them or changing a host name's case is no move.
 */
export function addressChange(input: ClusterInput, stored: ClusterConfig): string | null {
  if (input.kind !== stored.kind) return "the kind changed";
  const info = kindInfo(input.kind);
  // A kind's endpoints are a list (brokers, servers) or one address (a URL).
  const norm = (endpoints: unknown) => {
    const list = Array.isArray(endpoints) ? endpoints : endpoints === undefined || endpoints === null ? [] : [endpoints];
    return [...new Set(list.map((entry) => String(entry).trim().toLowerCase()))].sort().join("\n");
  };
  if (norm(valueAt(input, info.endpointsField)) !== norm(valueAt(stored, info.endpointsField))) return `the ${info.endpointsField} changed`;
  return info.credentialDowngrade?.(input, stored) ?? null;
}

/** Fills secrets sent as "" from the stored config; the result still needs validating. */
export function keepStoredSecrets(input: ClusterInput, stored: ClusterConfig | null): ClusterConfig {
  let merged = dropNulls({ ...input });
  const kept: string[] = [];
  for (const field of secretFieldsOf(input.kind)) {
    if (valueAt(input, field.path) !== "") continue;
    const value = stored?.kind === input.kind ? valueAt(stored, field.path) : undefined;
    if (value === undefined) throw missingSecret(field.path);
    merged = withValueAt(merged, field.path, value);
    kept.push(field.path);
  }
  const moved = kept.length > 0 && stored ? addressChange(input, stored) : null;
  if (moved) {
    throw new DomainError("invalid-input", `${kept.join(", ")}: ${moved}, so give ${kept.length > 1 ? "these secrets" : "this secret"} again (a stored secret is never sent to a new address)`, {
      field: kept[0],
      fields: kept,
    });
  }
  return clusterConfigSchema.parse(merged);
}

/** What the API shows of a cluster's credentials: whether there are some, never their values. */
export function clusterAuthView(config: ClusterConfig) {
  return kindInfo(config.kind).authView(config);
}
