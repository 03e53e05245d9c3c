// The add/edit cluster form's pure logic: turning text fields into the API body, and pinning a
// server validation error on the field it names.
import type { Cluster, ClusterInput } from "@/lib/contract/clusters";
import type { ClusterKind } from "@/lib/contract/common";
import { endpointsOf } from "./cluster-labels";
import { kindInfo } from "@/lib/brokers/kinds";

import { isFormClusterKind, type FormClusterKind } from "./cluster-credentials-form";

export { isFormClusterKind, type FormClusterKind };

export interface ClusterFormValues {
  kind: FormClusterKind;
  id: string;
  name: string;
  /** Comma-separated host:port (Kafka) or server URLs (NATS); one URL (RabbitMQ, Redis Streams). */
  endpoints: string;
  /** Optional, milliseconds, as typed. */
  samplingIntervalMs: string;
  /** RabbitMQ: the management API's URL. */
  managementUrl: string;
  /** RabbitMQ: vhosts, comma-separated; empty means "/". */
  vhosts: string;
  /** Redis Streams: glob of the stream keys; empty means every stream. */
  pattern: string;
}

export type ClusterFormField = "kind" | "id" | "name" | "endpoints" | "samplingIntervalMs" | "managementUrl" | "vhosts" | "pattern";

export const emptyClusterForm: ClusterFormValues = {
  kind: "kafka",
  id: "",
  name: "",
  endpoints: "",
  samplingIntervalMs: "",
  managementUrl: "",
  vhosts: "",
  pattern: "",
};

export function formValuesFromCluster(cluster: Cluster): ClusterFormValues {
  const endpoints = endpointsOf(cluster);
  return {
    kind: isFormClusterKind(cluster.kind) ? cluster.kind : "kafka",
    id: cluster.id,
    name: cluster.name,
    endpoints: (endpoints ?? []).join(", "),
    samplingIntervalMs: cluster.samplingIntervalMs === undefined ? "" : String(cluster.samplingIntervalMs),
    managementUrl: cluster.managementUrl ?? "",
    vhosts: (cluster.vhosts ?? []).join(", "),
    pattern: cluster.pattern ?? "",
  };
}

/** "a:1, b:2,,c:3 " -> ["a:1", "b:2", "c:3"] (commas, spaces or new lines separate). */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

export type BuildResult = { ok: true; input: ClusterInput } | { ok: false; field: ClusterFormField; message: string };

/**
 * Checks only what the browser can know for sure (required fields, a number where one is due);
 * the server validates the rest and its message is shown as is.
 */
export function buildClusterInput(values: ClusterFormValues): BuildResult {
  const id = values.id.trim();
  const name = values.name.trim();
  if (!id) return { ok: false, field: "id", message: "id is required" };
  if (!name) return { ok: false, field: "name", message: "name is required" };
  const endpoints = splitList(values.endpoints);
  const listName = kindInfo(values.kind).endpointsField;
  if (endpoints.length === 0) return { ok: false, field: "endpoints", message: `${listName}: give at least one` };
  // A kind connecting by one URL (its config field is `url`) takes exactly one.
  if (listName === "url" && endpoints.length > 1) return { ok: false, field: "endpoints", message: "url: give one URL" };
  const kindFields = KIND_FIELDS[values.kind](values);
  if (!kindFields.ok) return kindFields;
  let samplingIntervalMs: number | undefined;
  const sampling = values.samplingIntervalMs.trim();
  if (sampling !== "") {
    const parsed = Number(sampling);
    if (!Number.isInteger(parsed) || parsed <= 0) {
      return { ok: false, field: "samplingIntervalMs", message: "samplingIntervalMs: a whole number of milliseconds" };
    }
    samplingIntervalMs = parsed;
  }
  const extra = samplingIntervalMs === undefined ? {} : { samplingIntervalMs };
  // The endpoints go under the kind's own field (brokers, servers, ...).
  const input = { id, name, kind: values.kind, [listName]: listName === "url" ? endpoints[0] : endpoints, ...kindFields.fields, ...extra } as ClusterInput;
  return { ok: true, input };
}

type KindFieldsResult = { ok: true; fields: Record<string, unknown> } | { ok: false; field: ClusterFormField; message: string };

// The UI's own part of each kind beyond its endpoints and credentials: the other fields of its config.
const KIND_FIELDS: Record<FormClusterKind, (values: ClusterFormValues) => KindFieldsResult> = {
  kafka: () => ({ ok: true, fields: {} }),
  nats: () => ({ ok: true, fields: {} }),
  rabbitmq(values) {
    const managementUrl = values.managementUrl.trim();
    if (!managementUrl) return { ok: false, field: "managementUrl", message: "managementUrl is required (e.g. http://127.0.0.1:15672)" };
    const vhosts = splitList(values.vhosts);
    return { ok: true, fields: { managementUrl, ...(vhosts.length > 0 ? { vhosts } : {}) } };
  },
  "redis-streams"(values) {
    const pattern = values.pattern.trim();
    return { ok: true, fields: pattern ? { pattern } : {} };
  },
};

const FIELD_ALIASES: Record<string, ClusterFormField> = {
  id: "id",
  name: "name",
  kind: "kind",
  brokers: "endpoints",
  servers: "endpoints",
  url: "endpoints",
  managementurl: "managementUrl",
  vhosts: "vhosts",
  pattern: "pattern",
  samplingintervalms: "samplingIntervalMs",
};

/**
 * Which form field a server error is about: the `field` it names, or the leading word of a message
 * such as "brokers: expected host:port" / "brokers.0: ..." / "samplingIntervalMs must be ...".
 */
export function fieldForServerError(message: string, field?: string): ClusterFormField | null {
  const candidates = [field, message.match(/^\s*([A-Za-z]+)(?:[.[\]\d]*)?\s*[:\s]/)?.[1]];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const root = candidate.split(/[.[]/)[0]!.toLowerCase();
    const mapped = FIELD_ALIASES[root];
    if (mapped) return mapped;
  }
  return null;
}
