import type { ErrorCode } from "./errors";

// The OpenAPI 3.1 description of the whole Eventscope HTTP API, served at GET /api/v1/openapi.json.
// Plain data, no server-only code. Written by hand from the route handlers and the zod schemas they
// parse with; two tests keep it honest:
//   tests/integration/openapi-routes.test.ts  every app/api/**/route.ts method is here (and nothing
//                                              else), with the access level its handler declares;
//   tests/unit/openapi.test.ts                 structure, path parameters, $refs, and the query and
//                                              body fields against the zod schemas' keys.
// Adding a route: add its path below (the integration test names what is missing).

// ---------------------------------------------------------------------------------------- types

export type JsonSchema = { [keyword: string]: unknown };
export type Access = "public" | "viewer" | "operator" | "admin";
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
export const HTTP_METHODS: readonly HttpMethod[] = ["get", "post", "put", "patch", "delete"];

export interface ReferenceObject {
  $ref: string;
}

export interface ParameterObject {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface MediaTypeObject {
  schema?: JsonSchema;
  example?: unknown;
}

export interface HeaderObject {
  description?: string;
  schema: JsonSchema;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject>;
  content?: Record<string, MediaTypeObject>;
}

export interface RequestBodyObject {
  required?: boolean;
  description?: string;
  content: Record<string, MediaTypeObject>;
}

export interface OperationObject {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Only set to `[]` on public operations; the others inherit the document's security. */
  security?: Record<string, string[]>[];
  parameters?: (ParameterObject | ReferenceObject)[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | ReferenceObject>;
  /** The least role the route needs (`apiRoute(handler, { access })`); checked against the handlers by a test. */
  "x-eventscope-access": Access;
}

export type PathItemObject = { parameters?: (ParameterObject | ReferenceObject)[] } & Partial<Record<HttpMethod, OperationObject>>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string; license?: { name: string; identifier?: string } };
  servers: { url: string; description?: string }[];
  tags: { name: string; description: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, ParameterObject>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

// -------------------------------------------------------------------------------------- helpers

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const param = (name: string): ReferenceObject => ({ $ref: `#/components/parameters/${name}` });
const response = (name: string): ReferenceObject => ({ $ref: `#/components/responses/${name}` });

const str = (description?: string, extra: JsonSchema = {}): JsonSchema => ({ type: "string", ...(description ? { description } : {}), ...extra });
const int = (description?: string, extra: JsonSchema = {}): JsonSchema => ({ type: "integer", ...(description ? { description } : {}), ...extra });
const num = (description?: string, extra: JsonSchema = {}): JsonSchema => ({ type: "number", ...(description ? { description } : {}), ...extra });
const bool = (description?: string): JsonSchema => ({ type: "boolean", ...(description ? { description } : {}) });
const nullable = (schema: JsonSchema): JsonSchema => {
  const type = schema.type;
  if (typeof type === "string") return { ...schema, type: [type, "null"] };
  return { oneOf: [schema, { type: "null" }] };
};
const arrayOf = (items: JsonSchema, description?: string, extra: JsonSchema = {}): JsonSchema => ({
  type: "array",
  items,
  ...(description ? { description } : {}),
  ...extra,
});
const dateTime = (description?: string): JsonSchema => str(description, { format: "date-time" });
/** An object whose listed properties are described; more may be added later (API.md: fields are added freely). */
const obj = (properties: Record<string, JsonSchema>, required: string[] = [], description?: string): JsonSchema => ({
  type: "object",
  ...(description ? { description } : {}),
  properties,
  ...(required.length ? { required } : {}),
});
/** For the bodies the server parses strictly (zod `.strict()`: the reset body, replay bounds): unknown keys are refused with 400. Elsewhere they are ignored. */
const strictObj = (properties: Record<string, JsonSchema>, required: string[] = [], description?: string): JsonSchema => ({
  ...obj(properties, required, description),
  additionalProperties: false,
});

const query = (name: string, schema: JsonSchema, description: string, required = false): ParameterObject => ({
  name,
  in: "query",
  ...(required ? { required: true } : {}),
  description,
  schema,
});

const JSON_TYPE = "application/json";
const json = (schema: JsonSchema, description: string, headers?: Record<string, HeaderObject>): ResponseObject => ({
  description,
  ...(headers ? { headers } : {}),
  content: { [JSON_TYPE]: { schema } },
});
const body = (schema: JsonSchema, description?: string): RequestBodyObject => ({
  required: true,
  ...(description ? { description } : {}),
  content: { [JSON_TYPE]: { schema } },
});
const noContent = (description = "Done; no body."): ResponseObject => ({ description });

const SET_COOKIE: Record<string, HeaderObject> = {
  "Set-Cookie": { description: "`eventscope_session=<value>; HttpOnly; SameSite=Lax; Path=/` (`Secure` under HTTPS).", schema: str() },
};

type ErrorResponse = "BadRequest" | "Unauthorized" | "Forbidden" | "NotFound" | "Conflict" | "Unprocessable" | "TooManyRequests" | "Unavailable";
const STATUS_OF: Record<ErrorResponse, string> = {
  BadRequest: "400",
  Unauthorized: "401",
  Forbidden: "403",
  NotFound: "404",
  Conflict: "409",
  Unprocessable: "422",
  TooManyRequests: "429",
  Unavailable: "503",
};

interface OperationInput {
  id: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  parameters?: (ParameterObject | ReferenceObject)[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | ReferenceObject>;
  /** Error responses besides the ones every route can give (401/403 unless public, 400 with a body, 500). Public routes that change state list Forbidden themselves (cross-origin). */
  errors?: ErrorResponse[];
}

function op(input: OperationInput): OperationObject {
  const responses: Record<string, ResponseObject | ReferenceObject> = { ...input.responses };
  const errors = new Set<ErrorResponse>(input.errors ?? []);
  if (input.access !== "public") {
    errors.add("Unauthorized");
    errors.add("Forbidden");
  }
  if (input.requestBody) errors.add("BadRequest");
  for (const name of errors) responses[STATUS_OF[name]] = response(name);
  responses["500"] = response("InternalError");
  return {
    operationId: input.id,
    summary: input.summary,
    ...(input.description ? { description: input.description } : {}),
    tags: [input.tag],
    ...(input.access === "public" ? { security: [] } : {}),
    ...(input.parameters?.length ? { parameters: input.parameters } : {}),
    ...(input.requestBody ? { requestBody: input.requestBody } : {}),
    responses,
    "x-eventscope-access": input.access,
  };
}

// ---------------------------------------------------------------------------------- error codes

/** Every `error.code` the API answers with (lib/api/errors.ts); the type check below fails when one is missing here. */
export const ERROR_CODES = [
  "not-found",
  "invalid-input",
  "broker-unavailable",
  "store-unavailable",
  "store-misconfigured",
  "conflict",
  "nothing-matched",
  "unsupported",
  "rate-limited",
  "unauthorized",
  "forbidden",
  "cross-origin",
  "internal",
] as const satisfies readonly ErrorCode[];
type UnlistedErrorCode = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const everyErrorCodeListed: [UnlistedErrorCode] extends [never] ? true : UnlistedErrorCode = true;
void everyErrorCodeListed;

// -------------------------------------------------------------------------------------- schemas

const windowParam = query(
  "window",
  str(undefined, { pattern: "^\\d{1,4}[smhd]$", default: "15m", examples: ["5m", "1h", "24h", "7d"] }),
  "History window: a number and a unit (s, m, h, d), at most 7d. Up to 1h comes from memory at the sampling interval; longer windows from minute points stored in the database.",
);

const dlqFilter = obj(
  {
    q: str("Text anywhere in key, headers or value.", { maxLength: 500 }),
    error: str("Exact error text (as grouped by the summary).", { maxLength: 1000 }),
    originalTopic: str("Topic the message was dead-lettered from.", { maxLength: 300 }),
    since: dateTime("Dead-lettered at or after (ISO 8601 with a zone)."),
    until: dateTime("Dead-lettered before (ISO 8601 with a zone)."),
  },
  [],
  "Selects DLQ messages by content; only pending messages are acted on.",
);

const replayBound = {
  oneOf: [
    strictObj({ offset: int("Kafka offset or JetStream stream sequence.", { minimum: 0 }) }, ["offset"]),
    strictObj({ timestamp: dateTime("ISO 8601 time with a zone.") }, ["timestamp"]),
  ],
};

const resetTo: JsonSchema = {
  description:
    'Where the group goes: "earliest", "latest", the first message at or after a time, a shift by N messages (negative goes back), or explicit offsets.',
  oneOf: [
    { type: "string", enum: ["earliest", "latest"] },
    strictObj({ timestamp: dateTime("ISO 8601 time with a zone.") }, ["timestamp"]),
    strictObj({ shiftBy: int("Negative: go back N messages; positive: skip N.") }, ["shiftBy"]),
    strictObj(
      {
        offsets: arrayOf(
          strictObj({ topic: str(undefined, { minLength: 1 }), partition: int(undefined, { minimum: 0 }), offset: int(undefined, { minimum: 0 }) }, [
            "topic",
            "partition",
            "offset",
          ]),
          "Each topic/partition at most once.",
          { minItems: 1, maxItems: 10_000 },
        ),
      },
      ["offsets"],
    ),
  ],
};

const clusterId = str("Letters, digits, '.', '_' or '-'.", { pattern: "^[a-zA-Z0-9][a-zA-Z0-9._-]*$", minLength: 1, maxLength: 64 });
const samplingIntervalMs = int("How often the sampler reads offsets (default 5000).", { minimum: 1000, maximum: 600_000 });
const dlqTopics = arrayOf(str(undefined, { minLength: 1 }), "Topics (streams) that are DLQs although their names follow no convention.");

const schemas: Record<string, JsonSchema> = {
  Error: obj(
    {
      error: {
        type: "object",
        properties: {
          code: str("Kebab-case error code.", { enum: [...ERROR_CODES] }),
          message: str("A sentence for a person; for invalid input it starts with the field (`limit: limit must be between 1 and 500`)."),
          field: str("Invalid input: the field at fault, dotted (`to.offsets.2.partition`, `body`)."),
          needed: str("forbidden: the role the route needs."),
          reason: str('forbidden: "read-only" when read-only mode refused the action.'),
          cluster: str("forbidden (read-only): the cluster that is read-only."),
        },
        required: ["code", "message"],
        additionalProperties: true,
      },
    },
    ["error"],
    "Every 4xx/5xx answer. Extra detail fields may appear beside code and message.",
  ),
  ClusterKind: str(undefined, { enum: ["kafka", "nats"] }),
  LagStatus: str("Burrow-style evaluation over the sampling window; the group's is its worst partition's.", {
    enum: ["OK", "WARN", "STALL", "STOP", "REWIND", "ERR", "UNKNOWN"],
  }),
  Cluster: obj(
    {
      id: str(),
      name: str(),
      kind: ref("ClusterKind"),
      status: str(undefined, { enum: ["up", "down", "unknown"] }),
      error: str('Why it is down: "connection refused to localhost:9092".'),
      source: str("Where it is defined.", { enum: ["file", "database"] }),
      brokers: arrayOf(str(), "Kafka: host:port list."),
      servers: arrayOf(str(), "NATS: server URLs."),
      samplingIntervalMs: int(),
      auth: {
        description: "Clusters added in the UI: which credentials are set, never their values.",
        oneOf: [
          obj({ ssl: bool(), sasl: nullable(obj({ mechanism: str(), username: str() })) }),
          obj({ token: bool(), user: nullable(str()), pass: bool() }),
        ],
      },
      topicCount: int("From the latest sampling cycle (present while up and sampled)."),
      consumerCount: int(),
      dlqCount: int(),
      msgsPerSec: nullable(num()),
      bytesPerSec: nullable(num()),
      groupsBehind: int("Groups whose status is WARN or ERR."),
      sampledAt: dateTime(),
    },
    ["id", "name", "kind", "status"],
  ),
  ClusterInput: {
    description:
      "A cluster as in the configuration file. On PUT, a secret sent as \"\" keeps the stored one; leaving a secret out (or null) removes it.",
    oneOf: [
      obj(
        {
          id: clusterId,
          name: str(undefined, { minLength: 1, maxLength: 120 }),
          kind: { const: "kafka" },
          brokers: arrayOf(str("host:port", { pattern: "^[^\\s:]+:\\d{1,5}$" }), undefined, { minItems: 1 }),
          ssl: bool(),
          sasl: nullable(
            obj(
              { mechanism: str(undefined, { enum: ["plain", "scram-sha-256", "scram-sha-512"] }), username: str(undefined, { minLength: 1 }), password: str() },
              ["mechanism", "username", "password"],
            ),
          ),
          samplingIntervalMs,
          dlqTopics,
        },
        ["id", "name", "kind", "brokers"],
      ),
      obj(
        {
          id: clusterId,
          name: str(undefined, { minLength: 1, maxLength: 120 }),
          kind: { const: "nats" },
          servers: arrayOf(str(undefined, { minLength: 1 }), undefined, { minItems: 1 }),
          token: nullable(str()),
          user: nullable(str(undefined, { minLength: 1 })),
          pass: nullable(str()),
          samplingIntervalMs,
          dlqTopics,
        },
        ["id", "name", "kind", "servers"],
      ),
    ],
    discriminator: { propertyName: "kind" },
  },
  TopicSummary: obj(
    {
      name: str(),
      partitions: int(),
      messages: nullable(int()),
      bytes: nullable(int("Bytes on disk: a JetStream stream's bytes; for Kafka the sum of the partitions' log sizes from DescribeLogDirs (each partition once, from its leader; record batches as stored, so more than the payloads). Null when unknown (a Kafka broker before 2.6, no `Describe` on the cluster, or a partition without a leader), never 0 for unknown.")),
      msgsPerSec: nullable(num("Null until the sampler has two samples.")),
      bytesPerSec: nullable(num("Growth of `bytes` per second over the last samples, counting only the intervals in which it grew: a drop (Kafka retention deleting segments) is left out, never negative. Null while sizes are unknown or only dropped.")),
      dlq: bool("The name follows a DLQ convention."),
      internal: bool("Kafka internal (`__*`, `_confluent*`) or a NATS KV stream."),
    },
    ["name", "partitions", "messages", "bytes", "msgsPerSec", "bytesPerSec", "dlq"],
  ),
  TopicDetail: obj(
    {
      name: str(),
      partitions: arrayOf(
        obj(
          {
            partition: int(),
            low: int("Kafka low watermark / JetStream first sequence."),
            high: int("Kafka high watermark (next offset) / JetStream last sequence + 1."),
            messages: int(),
            msgsPerSec: nullable(num()),
          },
          ["partition", "low", "high", "messages"],
        ),
      ),
      subjects: arrayOf(str(), "JetStream: the stream's subjects."),
      bytes: nullable(int("As in TopicSummary.")),
      dlq: bool(),
      msgsPerSec: nullable(num()),
      bytesPerSec: nullable(num("As in TopicSummary.")),
    },
    ["name", "partitions"],
  ),
  Message: obj(
    {
      partition: int("0 for JetStream."),
      offset: int("Kafka offset or JetStream stream sequence."),
      timestamp: dateTime(),
      key: nullable(str()),
      headers: { type: "object", additionalProperties: { type: "string" } },
      value: nullable(str("Pretty-printed JSON, UTF-8 text, or base64 (see `encoding`); cut at 1 MiB.")),
      encoding: str(undefined, { enum: ["json", "text", "base64"] }),
      size: int("Full size of the value in bytes."),
      truncated: bool("The value was cut at 1 MiB."),
      subject: str("JetStream subject."),
      masked: bool("Masking rules replaced some values with ***."),
      eventId: nullable(str("Event id found by the topic's event-id rule.")),
      eventIdFrom: str('Where it was found: "key", "header:x-event-id", "json:$.id".'),
      processed: nullable(ref("ProcessedMark")),
      processedError: str("No record was found, but a store could not be asked."),
    },
    ["partition", "offset", "timestamp", "key", "headers", "value", "encoding", "size"],
  ),
  ProcessedMark: obj(
    { store: str(), key: str(), ttlSeconds: nullable(int()), processedAt: dateTime(), consumer: str() },
    ["store", "key", "ttlSeconds"],
    "The idempotency record that marks the message's event as processed.",
  ),
  DlqMessage: {
    allOf: [
      ref("Message"),
      obj(
        {
          id: str("`<partition>-<offset>` (Kafka) or `<seq>` (JetStream)."),
          originalTopic: nullable(str()),
          originalPartition: int(),
          originalOffset: int(),
          originalSubject: str("JetStream: the subject a requeue publishes to."),
          error: str(),
          errorClass: str(),
          attempts: nullable(int()),
          status: str(undefined, { enum: ["pending", "requeuing", "requeued", "discarded"] }),
        },
        ["id", "originalTopic", "error", "attempts", "status"],
      ),
    ],
  },
  DlqSummary: obj(
    {
      topic: str(),
      kind: str('"topic": a DLQ topic/stream; "advisories": JetStream messages that hit MaxDeliver (EVENTSCOPE_ADVISORIES).', { enum: ["topic", "advisories"] }),
      originalTopics: arrayOf(str()),
      messages: int(),
      pending: int(),
    },
    ["topic", "originalTopics", "messages", "pending"],
  ),
  ErrorGroup: obj(
    { error: str(), count: int(), oldest: dateTime(), newest: dateTime(), originalTopics: arrayOf(str()) },
    ["error", "count", "oldest", "newest", "originalTopics"],
  ),
  ConsumerSummary: obj(
    {
      group: str("Kafka group id, or `<stream>.<consumer>` for JetStream."),
      state: str(),
      members: int(),
      topics: arrayOf(str()),
      lag: int("Kafka: high watermark minus committed, summed. JetStream: num_pending + num_ack_pending."),
      lagSeconds: nullable(num("Estimated seconds behind (interpolated from offset history).")),
      lagSecondsAtLeast: bool("Present (true) when lagSeconds is a lower bound: the commit is older than the sampler's in-memory history (e.g. after a restart). Shown as \"≥ 3 m 20 s\"."),
      status: ref("LagStatus"),
      statusReason: str(),
      drainSeconds: nullable(num("At the current consume rate, seconds to catch up.")),
      consumeRate: nullable(num("Messages per second the group commits.")),
      pending: int("JetStream: num_pending."),
      ackPending: int("JetStream: num_ack_pending."),
    },
    ["group", "state", "members", "topics", "lag", "lagSeconds", "status"],
  ),
  ConsumerDetail: {
    allOf: [
      ref("ConsumerSummary"),
      obj(
        {
          memberDetails: arrayOf(
            obj({
              memberId: str(),
              clientId: str(),
              host: str(),
              assignments: arrayOf(obj({ topic: str(), partitions: arrayOf(int()) })),
            }),
          ),
          partitions: arrayOf(
            obj(
              {
                topic: str(),
                partition: int(),
                committed: nullable(int("Committed offset; JetStream: ack floor + 1. Null when nothing is committed.")),
                high: int(),
                lag: int(),
                noCommit: bool("No commit yet: lag is counted from the low watermark."),
                lagSeconds: nullable(num()),
                lagSecondsAtLeast: bool("Present (true) when lagSeconds is a lower bound."),
                status: ref("LagStatus"),
                statusReason: str(),
                oldestUnconsumedAgeSeconds: nullable(num("Age of the message at the committed offset.")),
              },
              ["topic", "partition", "committed", "high", "lag", "lagSeconds", "status"],
            ),
          ),
          redelivered: int("JetStream."),
          delivered: int("JetStream."),
        },
        ["partitions"],
      ),
    ],
  },
  RatePoint: obj({ t: dateTime(), msgsPerSec: nullable(num()), bytesPerSec: nullable(num()) }, ["t", "msgsPerSec", "bytesPerSec"]),
  LagPoint: obj({ t: dateTime(), lag: nullable(int()), lagSeconds: nullable(num()) }, ["t", "lag", "lagSeconds"]),
  RateHistory: obj(
    { window: int("Seconds."), resolution: int("Seconds between points."), points: arrayOf(ref("RatePoint")) },
    ["window", "resolution", "points"],
  ),
  LagHistory: obj(
    {
      window: int("Seconds."),
      resolution: int("Seconds between points."),
      points: arrayOf(ref("LagPoint")),
      partitions: arrayOf(obj({ topic: str(), partition: int(), points: arrayOf(ref("LagPoint")) }), "Per partition; empty for windows over 1h."),
    },
    ["window", "resolution", "points", "partitions"],
  ),
  ResetResponse: obj(
    {
      group: str(),
      dryRun: bool(),
      applied: bool(),
      method: str("commit (Kafka), reset (JetStream 2.14+ in place), recreate (JetStream durable), none.", { enum: ["commit", "reset", "recreate", "none"] }),
      state: str(),
      members: int(),
      partitions: arrayOf(
        obj(
          {
            topic: str(),
            partition: int(),
            from: nullable(int("Where the group stands now.")),
            to: int("Where it will stand."),
            low: int(),
            high: int(),
            lag: int(),
            resultingLag: int(),
            clamped: str(undefined, { enum: ["low", "high"] }),
            requested: int(),
            noMessageAtOrAfter: bool(),
            resultingLagIsEstimate: bool(),
          },
          ["topic", "partition", "from", "to", "low", "high", "lag", "resultingLag"],
        ),
      ),
      lag: int(),
      resultingLag: int(),
      blocked: obj({ code: str(undefined, { enum: ["conflict", "unsupported"] }), message: str() }, ["code", "message"], "Why applying would be refused right now."),
      notes: arrayOf(str()),
    },
    ["group", "dryRun", "applied", "method", "partitions", "lag", "resultingLag", "notes"],
  ),
  Job: obj(
    {
      id: str(),
      kind: str(undefined, { enum: ["requeue", "replay"] }),
      state: str(undefined, { enum: ["queued", "running", "succeeded", "failed", "cancelled"] }),
      clusterId: str(),
      total: int(),
      done: int(),
      failed: int(),
      createdBy: str(),
      createdAt: dateTime(),
      startedAt: nullable(dateTime()),
      finishedAt: nullable(dateTime()),
      error: str(),
      params: { description: "What the job was asked to do." },
      cancelRequested: bool("A cancel was asked for: a queued job is cancelled at once, a running one stops at its next batch (its state stays `running` until then)."),
    },
    ["id", "kind", "state", "total", "done", "failed", "createdBy", "startedAt", "finishedAt", "cancelRequested"],
  ),
  JobAccepted: obj({ job: ref("Job"), clearedRecords: int("Requeue with clearIdempotencyRecords: records deleted before the job.") }, ["job"]),
  DryRunMatched: obj(
    { matched: int("How many messages the request would move."), recordsToClear: int("Requeue with clearIdempotencyRecords: events whose record would be deleted.") },
    ["matched"],
  ),
  StoreSummary: obj(
    {
      id: str(),
      kind: str(undefined, { enum: ["redis", "postgres"] }),
      records: nullable(int()),
      status: str(undefined, { enum: ["up", "down", "misconfigured"] }),
      error: str(),
      target: str("Where it is, without credentials."),
      recordsEstimated: bool(),
      expiringSoon: nullable(int("Redis: records whose TTL ends within 5 minutes.")),
      newPerMinute: nullable(num()),
      newPerMinuteMethod: str(undefined, { enum: ["ttl", "count-delta", "net-growth", "processed-at"] }),
      sampledRecords: int(),
      assumedTtlSeconds: int(),
      capabilities: obj({ newestFirst: bool(), ttl: bool() }, ["newestFirst", "ttl"]),
      checkedAt: dateTime(),
      tookMs: int(),
    },
    ["id", "kind", "records", "status", "target", "capabilities", "checkedAt"],
  ),
  IdempotencyRecord: obj(
    {
      key: str(),
      ttlSeconds: nullable(int("Null when it never expires.")),
      value: nullable(str("Pretty JSON, text or base64; cut at 64 KiB (2 KiB in lists).")),
      encoding: str(undefined, { enum: ["json", "text", "base64"] }),
      size: int(),
      truncated: bool(),
      processedAt: dateTime(),
      consumer: str(),
      eventId: str(),
      type: str("Redis type when the key is not a plain string."),
    },
    ["key", "ttlSeconds", "value", "encoding", "size", "truncated"],
  ),
  RecordPage: obj(
    { records: arrayOf(ref("IdempotencyRecord")), next: str("Opaque cursor of the next page."), sampledRecords: int() },
    ["records"],
  ),
  TraceHit: obj(
    {
      where: str(undefined, { enum: ["topic", "dlq", "idempotency"] }),
      cluster: str(),
      topic: str(),
      partition: int(),
      offset: int(),
      store: str(),
      key: str(),
      status: str(),
      timestamp: dateTime(),
      matchedBy: str(),
      attempts: int(),
      error: str(),
      originalTopic: str(),
      requeuedFrom: str(),
      ttlSeconds: nullable(int()),
      consumer: str(),
      source: str(),
    },
    ["where"],
  ),
  TraceResult: obj(
    {
      id: str(),
      hits: arrayOf(ref("TraceHit")),
      scanned: int(),
      scannedTopics: int(),
      totalTopics: int(),
      truncated: bool(),
      truncatedReason: str(),
      limits: obj({ perTopic: int(), budgetMs: int(), cluster: str(), topic: str() }, ["perTopic", "budgetMs"]),
      timeline: arrayOf(
        obj(
          {
            kind: str(undefined, { enum: ["published", "failed", "dead-lettered", "requeued", "processed"] }),
            at: dateTime(),
            title: str(),
            detail: str(),
            count: int(),
            hits: arrayOf(int(), "Indexes into `hits`."),
          },
          ["kind", "title", "hits"],
        ),
      ),
      outcome: str(undefined, { enum: ["processed", "dead-lettered", "requeued", "published", "not-found"] }),
      sources: arrayOf(obj({ source: str(), status: str(undefined, { enum: ["ok", "partial", "error"] }), error: str() }, ["source", "status"])),
      tookMs: int(),
    },
    ["id", "hits", "scanned", "truncated", "timeline", "outcome"],
  ),
  AuditEvent: obj(
    { id: str(), at: dateTime(), actor: str(), action: str('Such as "dlq.requeue", "auth.sign-in".'), target: str(), params: {}, result: {} },
    ["id", "at", "actor", "action", "target", "params", "result"],
  ),
  Role: str(undefined, { enum: ["viewer", "operator", "admin"] }),
  Actor: obj(
    {
      id: str(),
      username: str(),
      role: ref("Role"),
      canSeeClearValues: bool(),
      via: str(undefined, { enum: ["session", "token", "bootstrap-token", "anonymous"] }),
    },
    ["id", "username", "role", "canSeeClearValues", "via"],
  ),
  SignedIn: obj({ user: ref("Actor"), expiresAt: dateTime("The session ends then (12 h after sign-in).") }, ["user", "expiresAt"]),
  User: obj(
    {
      id: str(),
      username: str(),
      role: ref("Role"),
      canSeeClearValues: bool(),
      disabled: bool(),
      sso: bool("Signs in through single sign-on (no password); the role is set from the identity provider at each sign-in."),
      createdAt: dateTime(),
      updatedAt: dateTime(),
    },
    ["id", "username", "role", "canSeeClearValues", "disabled", "sso", "createdAt", "updatedAt"],
  ),
  ApiToken: obj(
    {
      id: str(),
      name: str(),
      prefix: str("First 9 characters of the token, to tell tokens apart."),
      userId: str(),
      username: str(),
      createdAt: dateTime(),
      lastUsedAt: nullable(dateTime()),
      revokedAt: nullable(dateTime()),
    },
    ["id", "name", "prefix", "userId", "username", "createdAt", "lastUsedAt", "revokedAt"],
  ),
  MaskingRule: obj(
    {
      id: str(),
      topic: nullable(str("Null: every topic.")),
      kind: str(undefined, { enum: ["json-path", "header"] }),
      pattern: str(),
      createdAt: dateTime(),
    },
    ["id", "topic", "kind", "pattern", "createdAt"],
  ),
  ReadOnlyState: obj(
    { readOnly: bool("Console-wide switch."), clusters: { type: "object", additionalProperties: { type: "boolean" }, description: "Clusters switched on their own." } },
    ["readOnly", "clusters"],
  ),
  LiveEvent: obj(
    {
      id: int("Also the SSE `id:`; send it back as Last-Event-ID to resume."),
      cluster: str(),
      t: int("Epoch milliseconds of the sample."),
      msgsPerSec: nullable(num()),
      bytesPerSec: nullable(num()),
      topics: arrayOf(obj({ name: str(), msgsPerSec: nullable(num()), bytesPerSec: nullable(num()), messages: nullable(int()) })),
      consumers: arrayOf(
        obj(
          {
            group: str(),
            lag: int(),
            lagSeconds: nullable(num()),
            lagSecondsAtLeast: bool("Present (true) when lagSeconds is a lower bound."),
            status: ref("LagStatus"),
            reason: str(),
            drainSeconds: nullable(num("Seconds to drain at the current consume rate; null when not draining or unknown.")),
            consumeRate: nullable(num("Messages per second the group commits; null until two samples.")),
          },
          ["group", "lag", "lagSeconds", "status", "reason", "drainSeconds", "consumeRate"],
        ),
      ),
    },
    ["id", "cluster", "t", "topics", "consumers"],
    "The `data:` of one `event: sample` of GET /api/v1/live.",
  ),
};

const errorResponse = (description: string): ResponseObject => json(ref("Error"), description);

const components: OpenApiDocument["components"] = {
  schemas,
  parameters: {
    cluster: { name: "cluster", in: "path", required: true, description: "Cluster id.", schema: str() },
    topic: { name: "topic", in: "path", required: true, description: "Kafka topic or JetStream stream name (URL-encoded).", schema: str() },
    group: {
      name: "group",
      in: "path",
      required: true,
      description: "Kafka consumer group id, or `<stream>.<consumer>` for a JetStream consumer (URL-encoded).",
      schema: str(),
    },
    store: { name: "store", in: "path", required: true, description: "Idempotency store id (configuration file).", schema: str() },
    key: { name: "key", in: "path", required: true, description: "Record key, URL-encoded.", schema: str(undefined, { minLength: 1 }) },
    job: { name: "job", in: "path", required: true, description: "Job id.", schema: str() },
    user: { name: "user", in: "path", required: true, description: "User id.", schema: str() },
    token: { name: "token", in: "path", required: true, description: "API token id (not the token itself).", schema: str() },
    rule: { name: "rule", in: "path", required: true, description: "Masking rule id.", schema: str() },
  },
  responses: {
    BadRequest: errorResponse("Invalid input (`invalid-input`): the message and `field` name the bad field."),
    Unauthorized: errorResponse("No credentials, or invalid ones (`unauthorized`)."),
    Forbidden: errorResponse(
      "Role too low (`forbidden`, with `needed`), read-only mode (`forbidden`, `reason: \"read-only\"`), or a cross-site state-changing request (`cross-origin`).",
    ),
    NotFound: errorResponse("Unknown cluster, topic, group, DLQ message, job, store, record, user, token or rule (`not-found`)."),
    Conflict: errorResponse("The request clashes with the current state (`conflict`)."),
    Unprocessable: errorResponse("Understood but not possible (`unsupported`, `nothing-matched`)."),
    TooManyRequests: {
      description: "Too many failed sign-ins, or too many searches running at once (`rate-limited`, with `retryAfterSeconds`).",
      headers: { "Retry-After": { description: "Seconds to wait.", schema: int() } },
      content: { [JSON_TYPE]: { schema: ref("Error") } },
    },
    Unavailable: errorResponse("A broker or store is down or not answering (`broker-unavailable`, `store-unavailable`, `store-misconfigured`)."),
    InternalError: errorResponse("A bug (`internal`); the details are in the server log, never in the answer."),
  },
  securitySchemes: {
    sessionCookie: {
      type: "apiKey",
      in: "cookie",
      name: "eventscope_session",
      description: "Set by POST /api/v1/auth/sign-in (12 h). State-changing requests from a browser must be same-origin.",
    },
    bearerAuth: {
      type: "http",
      scheme: "bearer",
      description: "A personal API token (`es_…`, POST /api/v1/tokens) or the bootstrap token of EVENTSCOPE_ADMIN_TOKEN (admin).",
    },
  },
};

// ---------------------------------------------------------------------------------------- paths

const clusterPath = [param("cluster")];
const topicPath = [param("cluster"), param("topic")];
const groupPath = [param("cluster"), param("group")];

const paths: Record<string, PathItemObject> = {
  "/api/v1/health": {
    get: op({
      id: "getHealth",
      summary: "Liveness and the status of every cluster",
      description: "Needs no credentials (load balancers, Docker HEALTHCHECK). Answers 200 while the console runs, whatever the brokers do.",
      tag: "System",
      access: "public",
      responses: {
        "200": json(
          obj(
            {
              status: { const: "ok" },
              mode: str("`serverless` (EVENTSCOPE_SERVERLESS=1 or VERCEL=1: sampling on read, jobs from the cron route, no live stream) or `server`.", { enum: ["server", "serverless"] }),
              clusters: arrayOf(obj({ id: str(), status: str(undefined, { enum: ["up", "down", "unknown"] }) }, ["id", "status"])),
            },
            ["status", "mode", "clusters"],
          ),
          "The console is up.",
        ),
      },
    }),
  },
  "/api/v1/openapi.json": {
    get: op({
      id: "getOpenApi",
      summary: "This document",
      tag: "System",
      access: "public",
      responses: { "200": json({ type: "object", description: "OpenAPI 3.1 document." }, "The OpenAPI description of the API.") },
    }),
  },
  "/api/metrics": {
    get: op({
      id: "getMetrics",
      summary: "Prometheus metrics",
      description:
        "Text exposition format 0.0.4, from each cluster's latest sampling cycle (no broker request per scrape). Families: `kafka_|jetstream_partition_latest_offset`, `..._partition_earliest_offset`, `..._consumergroup_group_lag`, `..._consumergroup_group_lag_seconds`, `..._consumergroup_group_offset`, `..._consumergroup_group_sum_lag`, `..._consumergroup_group_max_lag_seconds`, `eventscope_consumergroup_status` (-1 unknown, 0 OK, 1 WARN, 2 ERR), `eventscope_topic_messages_per_second`, `eventscope_topic_bytes_per_second`; labels `cluster_name`, `topic`, `partition`, `group`. Needs credentials: scrape with a bearer token.",
      tag: "System",
      access: "viewer",
      responses: {
        "200": { description: "Prometheus text.", content: { "text/plain; version=0.0.4": { schema: str() } } },
      },
    }),
  },
  "/api/v1/live": {
    get: op({
      id: "getLive",
      summary: "Live samples (Server-Sent Events)",
      description:
        "`event: sample` with a LiveEvent as `data:` after every sampling cycle of every cluster (or of `cluster`), `retry: 3000`, and a `: keep-alive` comment every 15 s. Resume with the `Last-Event-ID` header (or `lastEventId`): the events still buffered are sent first. In serverless mode the answer is one `event: polling` (data `{\"mode\":\"serverless\"}`, header `X-Eventscope-Live: polling`) and the end of the stream: poll the metrics routes instead.",
      tag: "System",
      access: "viewer",
      parameters: [
        query("cluster", str(), "Only this cluster's samples."),
        query("lastEventId", int(undefined, { minimum: 0 }), "Same as the Last-Event-ID header, for clients that cannot set it."),
        { name: "Last-Event-ID", in: "header", description: "Resume after this event id.", schema: str() },
      ],
      responses: {
        "200": {
          description: "An endless event stream; each `data:` is a LiveEvent.",
          content: { "text/event-stream": { schema: str(undefined, { contentMediaType: "text/event-stream" }) }, [JSON_TYPE]: { schema: ref("LiveEvent") } },
        },
      },
    }),
  },
  "/api/v1/cron/sample": {
    get: op({
      id: "runCron",
      summary: "Serverless heartbeat: sample every cluster, run job slices",
      description:
        "For serverless mode (vercel.json calls it every minute). Samples every cluster whose stored sample is older than its interval, then runs queued and running jobs until the budget (EVENTSCOPE_CRON_BUDGET_MS, default 50 s) is spent; a job not finished pauses with its cursor saved and resumes at the next call. Accepts `Authorization: Bearer $CRON_SECRET` (what Vercel Cron sends) or an admin credential. On a server it does nothing and answers `mode: server`.",
      tag: "System",
      access: "admin",
      responses: {
        "200": json(
          obj(
            {
              mode: str(undefined, { enum: ["server", "serverless"] }),
              clusters: arrayOf(obj({ id: str(), outcome: str("sampled: a new snapshot; fresh: the stored one was recent; busy: another instance was sampling; failed: the broker could not be read.", { enum: ["sampled", "fresh", "busy", "failed"] }) }, ["id", "outcome"])),
              jobs: arrayOf(
                obj(
                  { id: str(), kind: str(), outcome: str("paused: out of time, resumes at the next call.", { enum: ["succeeded", "cancelled", "failed", "paused", "busy"] }), done: int(), total: int() },
                  ["id", "kind", "outcome", "done", "total"],
                ),
              ),
              tookMs: int(),
            },
            ["mode", "clusters", "jobs", "tookMs"],
          ),
          "What this call did.",
        ),
      },
    }),
  },

  // ------------------------------------------------------------------ auth
  "/api/v1/auth/sign-in": {
    post: op({
      id: "signIn",
      summary: "Sign in with a username and password",
      description: "Sets the session cookie. 5 failures per address and username in 5 minutes (20 per username) answer 429.",
      tag: "Auth",
      access: "public",
      requestBody: body(
        obj(
          { username: str("Case-insensitive.", { minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9._@-]+$" }), password: str(undefined, { minLength: 1, maxLength: 1024 }) },
          ["username", "password"],
        ),
      ),
      responses: {
        "200": json(ref("SignedIn"), "Signed in.", SET_COOKIE),
        "401": response("Unauthorized"),
      },
      errors: ["Forbidden", "TooManyRequests"],
    }),
  },
  "/api/v1/auth/sign-out": {
    post: op({
      id: "signOut",
      summary: "End the session",
      description: "Public, so that an expired session can still clear its cookie.",
      tag: "Auth",
      access: "public",
      responses: { "204": { description: "Signed out; the cookie is cleared.", headers: SET_COOKIE } },
      errors: ["Forbidden"],
    }),
  },
  "/api/v1/auth/oidc/start": {
    get: op({
      id: "startSingleSignOn",
      summary: "Start single sign-on (OpenID Connect)",
      description:
        "A browser navigation, not an API call: redirects (303) to the identity provider set by EVENTSCOPE_OIDC_ISSUER with PKCE, state and nonce, kept in a 10-minute httpOnly `eventscope_oidc` cookie. Without single sign-on configured, or with the provider unreachable, it redirects to `/sign-in?sso-error=<code>`.",
      tag: "Auth",
      access: "public",
      parameters: [query("next", str(), "The console page to open after sign-in (a path on this console).")],
      responses: { "303": { description: "To the identity provider, or back to the sign-in page with `sso-error`." } },
    }),
  },
  "/api/v1/auth/oidc/callback": {
    get: op({
      id: "finishSingleSignOn",
      summary: "Where the identity provider sends the browser back",
      description:
        "Checks state, PKCE and the ID token, maps EVENTSCOPE_OIDC_ROLE_CLAIM to a role with EVENTSCOPE_OIDC_ROLE_MAP, creates or updates the SSO user, sets the session cookie and redirects (303) to the page asked for. Any failure redirects to `/sign-in?sso-error=<code>` (expired, cancelled, invalid, no-role, disabled, provider-unavailable, not-configured) and is audited as auth.sign-in-failed.",
      tag: "Auth",
      access: "public",
      parameters: [
        query("code", str(), "The authorization code."),
        query("state", str(), "Must match the flow cookie."),
        query("error", str(), "Set by the provider instead of code when it did not sign the user in."),
      ],
      responses: { "303": { description: "Signed in (to the page asked for), or to the sign-in page with `sso-error`.", headers: SET_COOKIE } },
    }),
  },
  "/api/v1/auth/me": {
    get: op({
      id: "getMe",
      summary: "Who is signed in, and whether actions are switched off",
      tag: "Auth",
      access: "viewer",
      responses: { "200": json(obj({ user: ref("Actor"), readOnly: ref("ReadOnlyState") }, ["user", "readOnly"]), "The caller.") },
    }),
  },
  "/api/v1/auth/setup": {
    get: op({
      id: "getSetup",
      summary: "Whether the one-time first-admin form is available",
      tag: "Auth",
      access: "public",
      responses: { "200": json(obj({ needsFirstAdmin: bool() }, ["needsFirstAdmin"]), "True while there are no users and EVENTSCOPE_ADMIN_PASSWORD is not set.") },
    }),
    post: op({
      id: "createFirstAdmin",
      summary: "Create the first admin and sign in",
      description: "Only while there are no users and EVENTSCOPE_ADMIN_PASSWORD is not set; afterwards 409.",
      tag: "Auth",
      access: "public",
      requestBody: body(
        obj(
          {
            username: str(undefined, { minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9._@-]+$" }),
            password: str(undefined, { minLength: 10, maxLength: 256 }),
          },
          ["username", "password"],
        ),
      ),
      responses: { "201": json(ref("SignedIn"), "Created and signed in.", SET_COOKIE) },
      errors: ["Forbidden", "Conflict"],
    }),
  },
  "/api/v1/users": {
    get: op({
      id: "listUsers",
      summary: "List users",
      tag: "Users",
      access: "admin",
      responses: { "200": json(obj({ users: arrayOf(ref("User")) }, ["users"]), "Every user, by username.") },
    }),
    post: op({
      id: "createUser",
      summary: "Create a user",
      tag: "Users",
      access: "admin",
      requestBody: body(
        obj(
          {
            username: str(undefined, { minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9._@-]+$" }),
            password: str(undefined, { minLength: 10, maxLength: 256 }),
            role: ref("Role"),
            canSeeClearValues: bool("Exempt from masking (independent of the role)."),
          },
          ["username", "password", "role"],
        ),
      ),
      responses: { "201": json(obj({ user: ref("User") }, ["user"]), "Created.") },
      errors: ["Conflict"],
    }),
  },
  "/api/v1/users/{user}": {
    parameters: [param("user")],
    patch: op({
      id: "updateUser",
      summary: "Change a user's role, status, masking exemption or password",
      description: "The last enabled admin cannot be demoted or disabled (409); disabling a user or changing a password ends their sessions.",
      tag: "Users",
      access: "admin",
      requestBody: body(
        obj(
          { role: ref("Role"), disabled: bool(), canSeeClearValues: bool(), password: str(undefined, { minLength: 10, maxLength: 256 }) },
          [],
          "At least one field.",
        ),
      ),
      responses: { "200": json(obj({ user: ref("User") }, ["user"]), "Changed.") },
      errors: ["NotFound", "Conflict"],
    }),
    delete: op({
      id: "deleteUser",
      summary: "Delete a user (their sessions and tokens go too)",
      tag: "Users",
      access: "admin",
      responses: { "204": noContent() },
      errors: ["NotFound", "Conflict"],
    }),
  },
  "/api/v1/tokens": {
    get: op({
      id: "listTokens",
      summary: "Your API tokens (admins: everyone's with all=true)",
      description: "Never the token values.",
      tag: "Tokens",
      access: "viewer",
      parameters: [query("all", str(undefined, { enum: ["true", "false"] }), "`true`: every user's tokens (admin).")],
      responses: { "200": json(obj({ tokens: arrayOf(ref("ApiToken")) }, ["tokens"]), "The tokens.") },
      errors: ["Conflict"],
    }),
    post: op({
      id: "createToken",
      summary: "Create an API token for yourself",
      description: "The response is the only time the token is shown. The bootstrap admin token owns no tokens (409).",
      tag: "Tokens",
      access: "viewer",
      requestBody: body(obj({ name: str(undefined, { minLength: 1, maxLength: 100 }) }, ["name"])),
      responses: {
        "201": json(obj({ token: str("`es_…`: send as Authorization: Bearer."), apiToken: ref("ApiToken") }, ["token", "apiToken"]), "Created."),
      },
      errors: ["Conflict"],
    }),
  },
  "/api/v1/tokens/{token}": {
    parameters: [param("token")],
    delete: op({
      id: "revokeToken",
      summary: "Revoke one of your tokens (admins: anyone's)",
      tag: "Tokens",
      access: "viewer",
      responses: { "204": noContent("Revoked (the row stays, marked revoked).") },
      errors: ["NotFound"],
    }),
  },
  "/api/v1/masking-rules": {
    get: op({
      id: "listMaskingRules",
      summary: "Masking rules",
      tag: "Masking",
      access: "admin",
      responses: { "200": json(obj({ rules: arrayOf(ref("MaskingRule")) }, ["rules"]), "Every rule.") },
    }),
    post: op({
      id: "createMaskingRule",
      summary: "Add a masking rule",
      description: "`json-path`: `$.user.phone`, `$.items[*].phone`, `$..phone`, `$`. `header`: a header name, `*` as a wildcard. Applies at once.",
      tag: "Masking",
      access: "admin",
      requestBody: body(
        obj(
          {
            topic: nullable(str("A topic or stream; null or absent: every topic.", { minLength: 1, maxLength: 255 })),
            kind: str(undefined, { enum: ["json-path", "header"] }),
            pattern: str(undefined, { minLength: 1, maxLength: 300 }),
          },
          ["kind", "pattern"],
        ),
      ),
      responses: { "201": json(obj({ rule: ref("MaskingRule") }, ["rule"]), "Created.") },
    }),
  },
  "/api/v1/masking-rules/{rule}": {
    parameters: [param("rule")],
    delete: op({
      id: "deleteMaskingRule",
      summary: "Delete a masking rule",
      tag: "Masking",
      access: "admin",
      responses: { "204": noContent() },
      errors: ["NotFound"],
    }),
  },
  "/api/v1/settings/read-only": {
    get: op({
      id: "getReadOnly",
      summary: "Read-only mode",
      tag: "Settings",
      access: "viewer",
      responses: { "200": json(ref("ReadOnlyState"), "The switches.") },
    }),
    put: op({
      id: "setReadOnly",
      summary: "Switch read-only mode, console-wide or per cluster",
      description: "While on, operator actions answer 403 with `reason: \"read-only\"`; admin work goes on.",
      tag: "Settings",
      access: "admin",
      requestBody: body(
        obj(
          { readOnly: bool(), clusters: { type: "object", additionalProperties: { type: "boolean" }, propertyNames: clusterId } },
          [],
          "readOnly and/or clusters.",
        ),
      ),
      responses: { "200": json(ref("ReadOnlyState"), "The switches after the change.") },
    }),
  },
  "/api/v1/audit": {
    get: op({
      id: "listAudit",
      summary: "Audit log, newest first",
      description: "Every action that changes anything, sign-ins, failures and denials. Operators and admins.",
      tag: "Audit",
      access: "operator",
      parameters: [
        query("actor", str(undefined, { maxLength: 200 }), "Exact username."),
        query("action", str(undefined, { maxLength: 100 }), 'Exact action, or a prefix ending in "." or "*" (`auth.`).'),
        query("since", dateTime(), "At or after this time."),
        query("cursor", str(undefined, { maxLength: 200 }), "`next` of the previous page."),
        query("limit", int(undefined, { minimum: 1, maximum: 200, default: 50 }), "Page size."),
      ],
      responses: { "200": json(obj({ events: arrayOf(ref("AuditEvent")), next: str() }, ["events"]), "A page of events.") },
      errors: ["BadRequest"],
    }),
  },

  // ------------------------------------------------------------------ clusters, topics, consumers
  "/api/v1/clusters": {
    get: op({
      id: "listClusters",
      summary: "Clusters with their status",
      description: "Clusters of the configuration file and those added in the UI. Credentials are never included.",
      tag: "Clusters",
      access: "viewer",
      responses: { "200": json(obj({ clusters: arrayOf(ref("Cluster")) }, ["clusters"]), "Every cluster.") },
    }),
    post: op({
      id: "createCluster",
      summary: "Add a cluster (stored in the database, credentials encrypted)",
      tag: "Clusters",
      access: "admin",
      requestBody: body(ref("ClusterInput")),
      responses: { "201": json(obj({ cluster: ref("Cluster") }, ["cluster"]), "Added.") },
      errors: ["Conflict"],
    }),
  },
  "/api/v1/clusters/{cluster}": {
    parameters: clusterPath,
    get: op({
      id: "getCluster",
      summary: "One cluster",
      tag: "Clusters",
      access: "viewer",
      responses: { "200": json(ref("Cluster"), "The cluster.") },
      errors: ["NotFound"],
    }),
    put: op({
      id: "updateCluster",
      summary: "Replace a cluster added in the UI",
      description: "Clusters from the configuration file cannot be changed here (409). The body's id must match the URL.",
      tag: "Clusters",
      access: "admin",
      requestBody: body(ref("ClusterInput")),
      responses: { "200": json(obj({ cluster: ref("Cluster") }, ["cluster"]), "Replaced.") },
      errors: ["NotFound", "Conflict"],
    }),
    delete: op({
      id: "deleteCluster",
      summary: "Remove a cluster added in the UI",
      tag: "Clusters",
      access: "admin",
      responses: { "204": noContent() },
      errors: ["NotFound", "Conflict"],
    }),
  },
  "/api/v1/clusters/{cluster}/history": {
    parameters: clusterPath,
    get: op({
      id: "getClusterHistory",
      summary: "Total throughput of a cluster over time",
      tag: "Clusters",
      access: "viewer",
      parameters: [windowParam],
      responses: { "200": json(ref("RateHistory"), "Points, oldest first.") },
      errors: ["BadRequest", "NotFound", "Unavailable"],
    }),
  },
  "/api/v1/clusters/{cluster}/topics": {
    parameters: clusterPath,
    get: op({
      id: "listTopics",
      summary: "Topics (Kafka) or streams (JetStream)",
      description: "Numbers are null where unknown (bytes on Kafka, rates before two samples).",
      tag: "Topics",
      access: "viewer",
      responses: { "200": json(obj({ topics: arrayOf(ref("TopicSummary")) }, ["topics"]), "Every topic.") },
      errors: ["NotFound", "Unavailable"],
    }),
  },
  "/api/v1/clusters/{cluster}/topics/{topic}": {
    parameters: topicPath,
    get: op({
      id: "getTopic",
      summary: "Partitions with low/high offsets and message counts",
      tag: "Topics",
      access: "viewer",
      responses: { "200": json(ref("TopicDetail"), "The topic.") },
      errors: ["NotFound", "Unavailable"],
    }),
  },
  "/api/v1/clusters/{cluster}/topics/{topic}/messages": {
    parameters: topicPath,
    get: op({
      id: "readMessages",
      summary: "Read messages by partition and offset, or from a time; with q, search the topic",
      description:
        "Values are decoded safely (JSON pretty-printed, UTF-8 as text, else base64) and masked by the masking rules. Without `q`, one page is read. " +
        "With `q` the server searches: it scans forward from `from` / `since` / the beginning (one partition or all) until `limit` matches are found or the scan budget is spent " +
        "(`scanLimit` messages, or about 10 s), and answers `scanned`, `stoppedBy` and, unless every partition was scanned to its end, `next`: an opaque cursor to pass as `cursor` to continue exactly there. " +
        "Matching is case-insensitive over key, header names and values, value and subject, on the text as stored (text that only appears in the pretty-printed or base64 rendering is not found); " +
        "candidates are masked before they are checked, so a masked value never makes a message match. " +
        "At most `EVENTSCOPE_MAX_CONCURRENT_SEARCHES` (default 4) searches run at once per server process: one more is answered 429 `rate-limited` with `Retry-After`; a plain page read is never refused. " +
        "A search whose caller disconnects stops at its next broker read.",
      tag: "Topics",
      access: "viewer",
      parameters: [
        query("partition", int(undefined, { minimum: 0, maximum: 1_000_000 }), "Only this partition (JetStream: 0)."),
        query("from", int(undefined, { minimum: 0 }), "Offset / stream sequence to start at (inclusive)."),
        query("since", dateTime(), "Start at the first message at or after this ISO time."),
        query("limit", int(undefined, { minimum: 1, maximum: 500, default: 50 }), "Messages to read; with q, matches to find."),
        query("q", str(undefined, { maxLength: 500 }), "Search: messages whose key, headers, value or subject contain this text (case-insensitive)."),
        query("scanLimit", int(undefined, { minimum: 1, maximum: 10_000_000, default: 1_000_000 }), "With q: the most messages this request looks at."),
        query("cursor", str(undefined, { maxLength: 65_536 }), "With q: the `next` of an earlier search answer; continues where it stopped (partition, from and since are then ignored)."),
      ],
      responses: {
        "200": json(
          obj(
            {
              messages: arrayOf(ref("Message")),
              next: {
                oneOf: [
                  obj({ partition: int(), offset: int() }, ["partition", "offset"], "Without q: where the next page starts."),
                  str("With q: an opaque cursor; pass it as `cursor` (with the same q) to continue the search."),
                ],
              },
              scanned: int("With q: messages this request looked at."),
              stoppedBy: str(
                'With q: why the scan stopped. "matches": `limit` matches found; "end": every partition scanned to the end it had when the search began; "scanLimit" / "timeBudget": the scan budget ran out (continue with `next`).',
                { enum: ["matches", "end", "scanLimit", "timeBudget"] },
              ),
            },
            ["messages"],
          ),
          "A page of messages, or the matches of a search.",
        ),
      },
      errors: ["BadRequest", "NotFound", "TooManyRequests", "Unavailable"],
    }),
  },
  "/api/v1/clusters/{cluster}/topics/{topic}/history": {
    parameters: topicPath,
    get: op({
      id: "getTopicHistory",
      summary: "Topic throughput over time",
      tag: "Topics",
      access: "viewer",
      parameters: [windowParam],
      responses: { "200": json(ref("RateHistory"), "Points, oldest first.") },
      errors: ["BadRequest", "NotFound", "Unavailable"],
    }),
  },
  "/api/v1/clusters/{cluster}/topics/{topic}/replay": {
    parameters: topicPath,
    post: op({
      id: "replay",
      summary: "Replay a range of messages to a target topic, as a job",
      description:
        "`to` as an offset is inclusive; as a time it excludes messages at or after it. The job survives a restart of the console and resumes where it stopped. `dryRun` answers the count only.",
      tag: "Jobs",
      access: "operator",
      requestBody: body(
        obj(
          {
            from: replayBound,
            to: replayBound,
            partitions: arrayOf(int(undefined, { minimum: 0 }), "Default: every partition.", { minItems: 1, maxItems: 10_000 }),
            target: str("Topic (Kafka) or subject (JetStream) to publish to.", { minLength: 1, maxLength: 300 }),
            ratePerSec: int(undefined, { minimum: 1, maximum: 100_000 }),
            dryRun: bool(),
          },
          ["from", "to", "target"],
        ),
      ),
      responses: {
        "202": json(ref("JobAccepted"), "The job was queued; follow it at /api/v1/jobs/{job}."),
        "200": json(ref("DryRunMatched"), "dryRun: how many messages would be replayed."),
      },
      errors: ["NotFound", "Unprocessable", "Unavailable"],
    }),
  },
  "/api/v1/clusters/{cluster}/consumers": {
    parameters: clusterPath,
    get: op({
      id: "listConsumers",
      summary: "Consumer groups (Kafka) or consumers (JetStream) with lag and status",
      description: "Sorted by name; keyset pages stay stable while groups come and go.",
      tag: "Consumers",
      access: "viewer",
      parameters: [
        query("q", str(undefined, { maxLength: 500 }), "Only names containing this text (case-insensitive)."),
        query("limit", int(undefined, { minimum: 1, maximum: 1000, default: 100 }), "Page size."),
        query("cursor", str(undefined, { maxLength: 1000 }), "`next` of the previous page."),
      ],
      responses: {
        "200": json(obj({ consumers: arrayOf(ref("ConsumerSummary")), total: int("Matching groups."), next: str() }, ["consumers", "total"]), "A page."),
      },
      errors: ["BadRequest", "NotFound", "Unavailable"],
    }),
  },
  "/api/v1/clusters/{cluster}/consumers/{group}": {
    parameters: groupPath,
    get: op({
      id: "getConsumer",
      summary: "One group: members and per-partition lag, lag in seconds and status",
      tag: "Consumers",
      access: "viewer",
      responses: { "200": json(ref("ConsumerDetail"), "The group.") },
      errors: ["NotFound", "Unavailable"],
    }),
  },
  "/api/v1/clusters/{cluster}/consumers/{group}/history": {
    parameters: groupPath,
    get: op({
      id: "getConsumerHistory",
      summary: "Lag and lag seconds over time",
      tag: "Consumers",
      access: "viewer",
      parameters: [windowParam],
      responses: { "200": json(ref("LagHistory"), "Points, oldest first.") },
      errors: ["BadRequest", "NotFound", "Unavailable"],
    }),
  },
  "/api/v1/clusters/{cluster}/consumers/{group}/reset": {
    parameters: groupPath,
    post: op({
      id: "resetOffsets",
      summary: "Reset a group's offsets (with a dry run that previews every partition)",
      description:
        "Kafka: the group must have no active members (409). JetStream: moved in place on 2.14+, else only by recreating the durable with `recreate: true` (422 otherwise). Unknown keys are refused.",
      tag: "Consumers",
      access: "operator",
      requestBody: body(
        strictObj(
          {
            to: resetTo,
            topics: arrayOf(str(undefined, { minLength: 1, maxLength: 255 }), "Default: every topic the group has committed offsets for.", {
              minItems: 1,
              maxItems: 1000,
              uniqueItems: true,
            }),
            dryRun: bool(),
            recreate: bool("JetStream only: allow deleting and recreating a durable that cannot be moved in place."),
          },
          ["to"],
        ),
      ),
      responses: { "200": json(ref("ResetResponse"), "The preview (dryRun), or what was applied (`applied: true`).") },
      errors: ["NotFound", "Conflict", "Unprocessable", "Unavailable"],
    }),
  },

  // ------------------------------------------------------------------ DLQ
  "/api/v1/clusters/{cluster}/dlq": {
    parameters: clusterPath,
    get: op({
      id: "listDlqs",
      summary: "Dead-letter queues with message and pending counts",
      tag: "DLQ",
      access: "viewer",
      responses: { "200": json(obj({ dlqs: arrayOf(ref("DlqSummary")) }, ["dlqs"]), "Every DLQ of the cluster.") },
      errors: ["NotFound", "Unavailable"],
    }),
  },
  "/api/v1/clusters/{cluster}/dlq/{topic}/messages": {
    parameters: topicPath,
    get: op({
      id: "listDlqMessages",
      summary: "Browse a DLQ with its original topic, error and attempts",
      tag: "DLQ",
      access: "viewer",
      parameters: [
        query("status", str(undefined, { enum: ["pending", "requeued", "discarded", "all"], default: "pending" }), "Which messages."),
        query("q", str(undefined, { maxLength: 500 }), "Text anywhere in the message."),
        query("error", str(undefined, { maxLength: 1000 }), "Exact error text."),
        query("originalTopic", str(undefined, { maxLength: 300 }), "Original topic."),
        query("since", dateTime(), "Dead-lettered at or after (ISO time with a zone)."),
        query("until", dateTime(), "Dead-lettered before (ISO time with a zone)."),
        query("limit", int(undefined, { minimum: 1, maximum: 500, default: 50 }), "Page size."),
        query("cursor", str(undefined, { maxLength: 200 }), "`next` of the previous page."),
      ],
      responses: {
        "200": json(obj({ messages: arrayOf(ref("DlqMessage")), scanned: int("Messages read to fill the page."), next: str() }, ["messages", "scanned"]), "A page."),
      },
      errors: ["BadRequest", "NotFound", "Unavailable"],
    }),
  },
  "/api/v1/clusters/{cluster}/dlq/{topic}/summary": {
    parameters: topicPath,
    get: op({
      id: "getDlqSummary",
      summary: "Pending messages grouped by error",
      tag: "DLQ",
      access: "viewer",
      responses: {
        "200": json(
          obj(
            { groups: arrayOf(ref("ErrorGroup")), pending: int(), scanned: int(), truncated: bool("The scan stopped at its budget (200,000 messages).") },
            ["groups", "pending", "scanned", "truncated"],
          ),
          "Groups, most frequent first.",
        ),
      },
      errors: ["NotFound", "Unavailable"],
    }),
  },
  "/api/v1/clusters/{cluster}/dlq/{topic}/requeue": {
    parameters: topicPath,
    post: op({
      id: "requeue",
      summary: "Requeue DLQ messages to their original topic (or a target), as a job",
      description:
        "Exactly one of `ids`, `filter` or `all: true`. Every message is moved once in effect: a deterministic `x-eventscope-requeue-id` header (JetStream: `Nats-Msg-Id`) and recorded state. `value` (an edited payload) only with a single id. `dryRun` answers the count only.",
      tag: "DLQ",
      access: "operator",
      requestBody: body(
        obj({
          ids: arrayOf(str(undefined, { minLength: 1, maxLength: 64 }), "DLQ message ids.", { minItems: 1, maxItems: 10_000 }),
          filter: dlqFilter,
          all: bool("Every pending message."),
          dryRun: bool(),
          target: str("Publish here instead of the original topic.", { minLength: 1, maxLength: 300 }),
          ratePerSec: int("Default 10,000.", { minimum: 1, maximum: 100_000 }),
          dropHeaders: arrayOf(str(undefined, { minLength: 1, maxLength: 300 }), "Headers to leave out.", { maxItems: 100 }),
          setHeaders: { type: "object", additionalProperties: str(undefined, { maxLength: 10_000 }), description: "Headers to add or replace." },
          value: str("Edited payload for a single message.", { maxLength: 1024 * 1024 }),
          clearIdempotencyRecords: bool(
            "Requeue and clear the record: with `ids` (at most 1,000), delete the events' idempotency records first (each audited), so idempotent consumers process them again. A store that cannot delete refuses the whole request (503) before anything is sent. The dry run then also answers `recordsToClear`; the 202 answers `clearedRecords`.",
          ),
        }),
      ),
      responses: {
        "202": json(ref("JobAccepted"), "The job was queued; follow it at /api/v1/jobs/{job}."),
        "200": json(ref("DryRunMatched"), "dryRun: how many pending messages would be requeued (and `recordsToClear` with clearIdempotencyRecords)."),
      },
      errors: ["NotFound", "Unprocessable", "Unavailable"],
    }),
  },
  "/api/v1/clusters/{cluster}/dlq/{topic}/discard": {
    parameters: topicPath,
    post: op({
      id: "discard",
      summary: "Mark DLQ messages resolved without sending them",
      description:
        "Exactly one of `ids`, `filter` or `all: true`. On JetStream they are also deleted from the DLQ stream. `dryRun` answers how many pending messages would be discarded (`{matched}`) and changes nothing.",
      tag: "DLQ",
      access: "operator",
      requestBody: body(
        obj({
          ids: arrayOf(str(undefined, { minLength: 1, maxLength: 64 }), undefined, { minItems: 1, maxItems: 10_000 }),
          filter: dlqFilter,
          all: bool(),
          dryRun: bool("Only count; nothing is marked or deleted."),
        }),
      ),
      responses: {
        "200": json(
          { oneOf: [obj({ discarded: int() }, ["discarded"]), ref("DryRunMatched")] },
          "How many were discarded; with dryRun, how many pending messages would be (`matched`).",
        ),
      },
      errors: ["NotFound", "Unavailable"],
    }),
  },

  // ------------------------------------------------------------------ jobs
  "/api/v1/jobs": {
    get: op({
      id: "listJobs",
      summary: "Requeue and replay jobs, newest first",
      tag: "Jobs",
      access: "viewer",
      parameters: [
        query("limit", int(undefined, { minimum: 1, maximum: 200, default: 50 }), "Page size."),
        query("cursor", str(undefined, { maxLength: 100 }), "`next` of the previous page."),
      ],
      responses: { "200": json(obj({ jobs: arrayOf(ref("Job")), next: str() }, ["jobs"]), "A page of jobs.") },
      errors: ["BadRequest"],
    }),
  },
  "/api/v1/jobs/{job}": {
    parameters: [param("job")],
    get: op({
      id: "getJob",
      summary: "One job and its progress",
      tag: "Jobs",
      access: "viewer",
      responses: { "200": json(ref("Job"), "The job.") },
      errors: ["NotFound"],
    }),
  },
  "/api/v1/jobs/{job}/cancel": {
    parameters: [param("job")],
    post: op({
      id: "cancelJob",
      summary: "Stop a queued or running job",
      description: "A queued job stops at once, a running one at its next batch; a finished one is returned as it is.",
      tag: "Jobs",
      access: "operator",
      responses: { "200": json(ref("Job"), "The job after the request.") },
      errors: ["NotFound"],
    }),
  },

  // ------------------------------------------------------------------ idempotency and trace
  "/api/v1/idempotency": {
    get: op({
      id: "listStores",
      summary: "Idempotency stores with record counts and status",
      tag: "Idempotency",
      access: "viewer",
      responses: { "200": json(obj({ stores: arrayOf(ref("StoreSummary")) }, ["stores"]), "Every configured store; one that is down says why.") },
    }),
  },
  "/api/v1/idempotency/{store}": {
    parameters: [param("store")],
    get: op({
      id: "getStore",
      summary: "One store's figures",
      tag: "Idempotency",
      access: "viewer",
      responses: { "200": json(ref("StoreSummary"), "The store.") },
      errors: ["NotFound"],
    }),
  },
  "/api/v1/idempotency/{store}/records": {
    parameters: [param("store")],
    get: op({
      id: "listRecords",
      summary: "A page of records (Redis: SCAN order; PostgreSQL: key order)",
      tag: "Idempotency",
      access: "viewer",
      parameters: [
        query("q", str(undefined, { maxLength: 500 }), "Search keys."),
        query("cursor", str(undefined, { maxLength: 16_000 }), "`next` of the previous page."),
        query("limit", int(undefined, { minimum: 1, maximum: 500, default: 50 }), "Page size."),
        query("sort", str(undefined, { enum: ["store", "newest"], default: "store" }), "`newest`: newest first (where the store supports it)."),
      ],
      responses: { "200": json(ref("RecordPage"), "A page of records.") },
      errors: ["BadRequest", "NotFound", "Unavailable"],
    }),
  },
  "/api/v1/idempotency/{store}/records/{key}": {
    parameters: [param("store"), param("key")],
    get: op({
      id: "getRecord",
      summary: "One record: TTL and value",
      tag: "Idempotency",
      access: "viewer",
      responses: { "200": json(ref("IdempotencyRecord"), "The record.") },
      errors: ["BadRequest", "NotFound", "Unavailable"],
    }),
    delete: op({
      id: "deleteRecord",
      summary: "Delete a record so the event can be processed again",
      tag: "Idempotency",
      access: "operator",
      responses: { "204": noContent("Deleted.") },
      errors: ["NotFound", "Unavailable"],
    }),
  },
  "/api/v1/trace": {
    get: op({
      id: "trace",
      summary: "Every place an event id is found, and its story",
      description:
        "Scans topics and DLQs of every cluster (bounded by `perTopic` and `budgetMs`) and the idempotency stores. With `stream=1` the answer is NDJSON: `{\"type\":\"progress\",...}` lines while the scan runs, then `{\"type\":\"result\",\"result\":TraceResult}` (or `{\"type\":\"error\",\"error\":{code,message}}`).",
      tag: "Idempotency",
      access: "viewer",
      parameters: [
        query("id", str(undefined, { minLength: 1, maxLength: 1024 }), "The event id.", true),
        query("perTopic", int(undefined, { minimum: 1, maximum: 100_000 }), "Newest messages read per topic."),
        query("budgetMs", int(undefined, { minimum: 500, maximum: 60_000 }), "Time the topic scan may take."),
        query("cluster", str(undefined, { maxLength: 64 }), "Only this cluster's topics."),
        query("topic", str(undefined, { maxLength: 300 }), 'Only topics with this name or glob ("orders.*").'),
        query("stream", str(undefined, { enum: ["0", "1", "true", "false"] }), "`1`: NDJSON progress, then the result."),
      ],
      responses: {
        "200": {
          description: "The result (JSON), or NDJSON lines with stream=1.",
          content: { [JSON_TYPE]: { schema: ref("TraceResult") }, "application/x-ndjson": { schema: str() } },
        },
      },
      errors: ["BadRequest", "NotFound"],
    }),
  },
};

// ------------------------------------------------------------------------------------- document

export const openApiDocument: OpenApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Eventscope API",
    version: "1",
    description:
      "The HTTP API of Eventscope, a console for Apache Kafka and NATS JetStream: clusters, topics and streams, consumer lag (in messages and seconds, with history), dead-letter queues (browse, requeue, discard), replay, offset reset, idempotency records and event trace, users, tokens, masking and audit. The browser UI uses the same API.\n\nJSON in and out. Errors: `{\"error\": {\"code\", \"message\", \"field\"?}}`. Authenticate with the session cookie (sign in) or `Authorization: Bearer <token>`. Roles: viewer (read), operator (act), admin (manage); each operation's `x-eventscope-access` names the least role it needs. Cross-site requests that change state are refused.",
  },
  servers: [{ url: "/", description: "This console" }],
  tags: [
    { name: "System", description: "Health, metrics, live samples, this document." },
    { name: "Auth", description: "Sign-in, sessions and the first admin." },
    { name: "Users", description: "Users and roles (admin)." },
    { name: "Tokens", description: "Personal API tokens." },
    { name: "Masking", description: "Masking rules for sensitive payload fields (admin)." },
    { name: "Settings", description: "Read-only mode." },
    { name: "Audit", description: "Who did what, when." },
    { name: "Clusters", description: "Kafka and NATS JetStream clusters." },
    { name: "Topics", description: "Topics and streams, messages, throughput history." },
    { name: "Consumers", description: "Consumer groups and JetStream consumers, lag, offset reset." },
    { name: "DLQ", description: "Dead-letter queues: browse, requeue, discard." },
    { name: "Jobs", description: "Requeue and replay jobs; replay." },
    { name: "Idempotency", description: "Idempotency stores and records; event trace." },
  ],
  security: [{ sessionCookie: [] }, { bearerAuth: [] }],
  paths,
  components,
};

/** `/api/v1/clusters/{cluster}` for `app/api/v1/clusters/[cluster]/route.ts`'s folder. */
export function openApiPathOf(routeFolder: string): string {
  return routeFolder.replace(/\[(?:\.\.\.)?(\w+)\]/g, "{$1}");
}
