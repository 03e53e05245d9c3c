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
  /** Comma-separated host:port (Kafka) or server URLs (NATS). */
  endpoints: string;
  /** Optional, milliseconds, as typed. */
  samplingIntervalMs: string;
}

export type ClusterFormField = "kind" | "id" | "name" | "endpoints" | "samplingIntervalMs";

export const emptyClusterForm: ClusterFormValues = {
  kind: "kafka",
  id: "",
  name: "",
  endpoints: "",
  samplingIntervalMs: "",
};

export function formValuesFromCluster(cluster: Cluster): ClusterFormValues {
  const endpoints = endpointsOf(cluster);
  return {
    kind: isFormClusterKind(cluster.kind) ? cluster.kind : "kafka",
    id: cluster.id,
    name: cluster.name,
    endpoints: (endpoints ?? []).join(", "),
    samplingIntervalMs: cluster.samplingIntervalMs === undefined ? "" : String(cluster.samplingIntervalMs),
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
  const input = { id, name, kind: values.kind, [listName]: endpoints, ...extra } as ClusterInput;
  return { ok: true, input };
}

const FIELD_ALIASES: Record<string, ClusterFormField> = {
  id: "id",
  name: "name",
  kind: "kind",
  brokers: "endpoints",
  servers: "endpoints",
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
