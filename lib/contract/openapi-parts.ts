import type { OpenApiDocument, ResponseObject } from "./openapi-types";

// The fixed parts of the OpenAPI document: its head (info, tags, security) and the shared path
// parameters, error answers and security schemes. The operations and schemas come from the contract.

const JSON_TYPE = "application/json";
const str = (extra: Record<string, unknown> = {}) => ({ type: "string", ...extra });
const errorResponse = (description: string): ResponseObject => ({ description, content: { [JSON_TYPE]: { schema: { $ref: "#/components/schemas/Error" } } } });

export const documentComponents: Omit<OpenApiDocument["components"], "schemas"> = {
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
    source: { name: "source", in: "path", required: true, description: "Metrics source id (configuration file's `metrics`).", schema: str() },
    key: { name: "key", in: "path", required: true, description: "Record key, URL-encoded.", schema: str({ minLength: 1 }) },
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
    Unprocessable: errorResponse("Understood but not possible (`unsupported`, `nothing-matched`), or refused by the broker in a way retrying cannot change (`broker-refused`: not authorized, message too large, a stream's limits)."),
    TooManyRequests: {
      description: "Too many failed sign-ins, or too many searches running at once (`rate-limited`, with `retryAfterSeconds`).",
      headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } },
      content: { [JSON_TYPE]: { schema: { $ref: "#/components/schemas/Error" } } },
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

export const documentHead: Omit<OpenApiDocument, "paths" | "components"> = {
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
    { name: "Processing", description: "Processing outcomes from the services' Prometheus endpoints (metrics sources)." },
    { name: "Outbox", description: "Transactional outbox tables (PostgreSQL, MySQL/MariaDB): backlog, stuck rows, rows, retry now / mark failed." },
  ],
  security: [{ sessionCookie: [] }, { bearerAuth: [] }],
};
