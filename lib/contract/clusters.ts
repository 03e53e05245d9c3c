import { z } from "zod";
import { named, wire, isoTime } from "./schema-kit";
import { operation, query, type ResponseOf } from "./operation";
import { clusterInputSchema, saslMechanism } from "@/lib/config/schema";
import { ClusterKind, RateHistory, historyExchange } from "./common";

// Clusters: the list, one cluster, its throughput history and its broker facts.
// Zod only: client components may `import type` from here, never import values (zod must stay out
// of the browser bundle). How to add a route: docs/api-contract.md.

export const Cluster = named("Cluster", wire({
  id: z.string(),
  name: z.string(),
  kind: ClusterKind,
  status: z.enum(["up","down","unknown"]),
  error: z.string().describe("Why it is down: \"connection refused to localhost:9092\".").optional(),
  source: z.enum(["file","database"]).describe("Where it is defined.").optional(),
  brokers: z.array(z.string()).describe("Kafka: host:port list.").optional(),
  servers: z.array(z.string()).describe("NATS: server URLs.").optional(),
  url: z.string().describe("RabbitMQ / Redis: the connection URL without its user and password.").optional(),
  managementUrl: z.string().describe("RabbitMQ: the management API's URL, without user and password.").optional(),
  vhosts: z.array(z.string()).describe("RabbitMQ: the vhosts watched (absent: \"/\").").optional(),
  pattern: z.string().describe("Redis Streams: the glob of the stream keys watched (absent: every stream).").optional(),
  samplingIntervalMs: z.number().int().optional(),
  // What each kind's authView (lib/brokers/<kind>) answers: Kafka always both fields, the others
  // always user and pass (token: NATS only).
  auth: z.union([wire({
    ssl: z.boolean(),
    sasl: wire({
      mechanism: saslMechanism,
      username: z.string(),
    }).nullable(),
  }), wire({
    token: z.boolean().optional(),
    user: z.string().nullable(),
    pass: z.boolean(),
  })]).describe("Clusters added in the UI: which credentials are set, never their values.").optional(),
  topicCount: z.number().int().describe("From the latest sampling cycle (present while up and sampled).").optional(),
  consumerCount: z.number().int().optional(),
  dlqCount: z.number().int().optional(),
  msgsPerSec: z.number().nullable().optional(),
  bytesPerSec: z.number().nullable().optional(),
  groupsBehind: z.number().int().describe("Groups whose status is WARN or ERR.").optional(),
  sampledAt: isoTime.optional(),
}));
export type Cluster = z.infer<typeof Cluster>;

/** The body of POST and PUT /api/v1/clusters: the schema the config file's clusters are parsed with, and the routes too. */
export const ClusterInput = named("ClusterInput", clusterInputSchema);
export type ClusterInput = z.infer<typeof ClusterInput>;

export const ClusterInfo = named("ClusterInfo", wire({
  kind: ClusterKind,
  clusterId: z.string().nullable().describe("Kafka: the cluster id; JetStream: the cluster name (null for a single server)."),
  version: z.string().nullable().describe("\"Kafka 4.1\" (from metadata.version) or \"nats-server 2.9.10\"; null when unknown."),
  versionDetail: z.string().describe("How the version was read.").optional(),
  controller: z.string().nullable().describe("Kafka: the active controller's node id."),
  nodes: z.array(wire({
    id: z.string(),
    host: z.string(),
    port: z.number().int().nullable(),
    rack: z.string().nullable().optional(),
    isController: z.boolean(),
    version: z.string().optional(),
  })),
  listeners: z.array(wire({
    name: z.string(),
    value: z.string(),
  })),
  topics: z.number().int(),
  partitions: z.number().int(),
  settings: z.array(wire({
    name: z.string(),
    value: z.string().nullable(),
    source: z.enum(["default","set","limit","usage"]),
    note: z.string().optional(),
  })),
}));
export type ClusterInfo = z.infer<typeof ClusterInfo>;

/** GET /api/v1/clusters */
export const listClusters = operation({
  method: "get",
  path: "/api/v1/clusters",
  id: "listClusters",
  summary: "Clusters with their status",
  description: "Clusters of the configuration file and those added in the UI. Credentials are never included.",
  tag: "Clusters",
  access: "viewer",
  responses: {
    "200": { description: "Every cluster.", schema: wire({
      clusters: z.array(Cluster),
    }) },
  },
  errors: [],
});

/** POST /api/v1/clusters */
export const createCluster = operation({
  method: "post",
  path: "/api/v1/clusters",
  id: "createCluster",
  summary: "Add a cluster (stored in the database, credentials encrypted)",
  tag: "Clusters",
  access: "admin",
  body: ClusterInput,
  responses: {
    "201": { description: "Added.", schema: wire({
      cluster: Cluster,
    }) },
  },
  errors: ["Conflict"],
});

/** GET /api/v1/clusters/{cluster} */
export const getCluster = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}",
  id: "getCluster",
  summary: "One cluster",
  tag: "Clusters",
  access: "viewer",
  responses: {
    "200": { description: "The cluster.", schema: Cluster },
  },
  errors: ["NotFound"],
});

/** PUT /api/v1/clusters/{cluster} */
export const updateCluster = operation({
  method: "put",
  path: "/api/v1/clusters/{cluster}",
  id: "updateCluster",
  summary: "Replace a cluster added in the UI",
  description: "Clusters from the configuration file cannot be changed here (409). The body's id must match the URL.",
  tag: "Clusters",
  access: "admin",
  body: ClusterInput,
  responses: {
    "200": { description: "Replaced.", schema: wire({
      cluster: Cluster,
    }) },
  },
  errors: ["NotFound","Conflict"],
});

/** DELETE /api/v1/clusters/{cluster} */
export const deleteCluster = operation({
  method: "delete",
  path: "/api/v1/clusters/{cluster}",
  id: "deleteCluster",
  summary: "Remove a cluster added in the UI",
  tag: "Clusters",
  access: "admin",
  responses: {
    "204": { description: "Done; no body." },
  },
  errors: ["NotFound","Conflict"],
});

/** GET /api/v1/clusters/{cluster}/history */
export const getClusterHistory = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}/history",
  id: "getClusterHistory",
  summary: "Total throughput of a cluster over time",
  tag: "Clusters",
  access: "viewer",
  ...historyExchange(RateHistory),
});

/** GET /api/v1/clusters/{cluster}/info */
export const getClusterInfo = operation({
  method: "get",
  path: "/api/v1/clusters/{cluster}/info",
  id: "getClusterInfo",
  summary: "Brokers/servers, version, controller, listeners, counts and the settings that matter",
  description: "Kafka: describeCluster, the controller's describeConfigs (auto.create.topics.enable, log.retention.*, num.partitions, ...) and the release named by the finalized metadata.version (ApiVersions v3). JetStream: the connected server's INFO and the account's limits and usage (getAccountInfo).",
  tag: "Clusters",
  access: "viewer",
  responses: {
    "200": { description: "What the cluster page shows.", schema: wire({
      info: ClusterInfo,
    }) },
  },
  errors: ["NotFound","Unavailable"],
});

export const clustersOperations = [listClusters, createCluster, getCluster, updateCluster, deleteCluster, getClusterHistory, getClusterInfo];

// The answers as the client reads them.
export type ClusterStatus = Cluster["status"];
/** A UI-added cluster's credentials as the API shows them (each kind's authView builds it). */
export type ClusterAuthView = NonNullable<Cluster["auth"]>;
export type SaslMechanism = z.infer<typeof saslMechanism>;
export type ClusterSource = NonNullable<Cluster["source"]>;
export type ClustersResponse = ResponseOf<typeof listClusters>;
export type ClusterMutationResponse = ResponseOf<typeof createCluster, "201">;
