import { z } from "zod";
import { named, wire } from "./schema-kit";
import { operation, query, header } from "./operation";
import { LagStatus } from "./common";

// Health, metrics, the live stream, the cron heartbeat and this document.
// Zod only: client components may `import type` from here, never import values (zod must stay out
// of the browser bundle). How to add a route: docs/api-contract.md.

export const LiveEvent = named("LiveEvent", wire({
  id: z.number().int().describe("Also the SSE `id:`; send it back as Last-Event-ID to resume."),
  cluster: z.string(),
  t: z.number().int().describe("Epoch milliseconds of the sample."),
  msgsPerSec: z.number().nullable(),
  bytesPerSec: z.number().nullable(),
  topics: z.array(wire({
    name: z.string(),
    msgsPerSec: z.number().nullable(),
    bytesPerSec: z.number().nullable(),
    messages: z.number().int().nullable(),
  })),
  consumers: z.array(wire({
    group: z.string(),
    lag: z.number().int().nullable(),
    lagSeconds: z.number().nullable(),
    lagSecondsAtLeast: z.boolean().describe("Present (true) when lagSeconds is a lower bound.").optional(),
    status: LagStatus,
    reason: z.string(),
    drainSeconds: z.number().nullable().describe("Seconds to drain at the current consume rate; null when not draining or unknown."),
    consumeRate: z.number().nullable().describe("Messages per second the group commits; null until two samples."),
  })),
}).describe("The `data:` of one `event: sample` of GET /api/v1/live."));
export type LiveEvent = z.infer<typeof LiveEvent>;

/** GET /api/v1/health */
export const getHealth = operation({
  method: "get",
  path: "/api/v1/health",
  id: "getHealth",
  summary: "Liveness and the status of every cluster",
  description: "Needs no credentials (load balancers, Docker HEALTHCHECK). Answers 200 while the console runs, whatever the brokers do.",
  tag: "System",
  access: "public",
  responses: {
    "200": { description: "The console is up.", schema: wire({
      status: z.literal("ok"),
      mode: z.enum(["server","serverless"]).describe("`serverless` (EVENTSCOPE_SERVERLESS=1 or VERCEL=1: sampling on read, jobs from the cron route, no live stream) or `server`."),
      clusters: z.array(wire({
        id: z.string(),
        status: z.enum(["up","down","unknown"]),
      })),
    }) },
  },
  errors: [],
});

/** GET /api/v1/openapi.json */
export const getOpenApi = operation({
  method: "get",
  path: "/api/v1/openapi.json",
  id: "getOpenApi",
  summary: "This document",
  tag: "System",
  access: "public",
  responses: {
    "200": { description: "The OpenAPI description of the API.", schema: z.record(z.string(), z.unknown()).describe("OpenAPI 3.1 document.") },
  },
  errors: [],
});

/** GET /api/metrics */
export const getMetrics = operation({
  method: "get",
  path: "/api/metrics",
  id: "getMetrics",
  summary: "Prometheus metrics",
  description: "Text exposition format 0.0.4, from each cluster's latest sampling cycle (no broker request per scrape). Families: `kafka_|jetstream_partition_latest_offset`, `..._partition_earliest_offset`, `..._consumergroup_group_lag`, `..._consumergroup_group_lag_seconds`, `..._consumergroup_group_offset`, `..._consumergroup_group_sum_lag`, `..._consumergroup_group_max_lag_seconds`, `eventscope_consumergroup_status` (-1 unknown, 0 OK, 1 WARN, 2 ERR), `eventscope_topic_messages_per_second`, `eventscope_topic_bytes_per_second`; labels `cluster_name`, `topic`, `partition`, `group`. Needs credentials: scrape with a bearer token.",
  tag: "System",
  access: "viewer",
  responses: {
    "200": { description: "Prometheus text.", content: {"text/plain; version=0.0.4":{"schema":{"type":"string"}}} },
  },
  errors: [],
});

/** GET /api/v1/live */
export const getLive = operation({
  method: "get",
  path: "/api/v1/live",
  id: "getLive",
  summary: "Live samples (Server-Sent Events)",
  description: "`event: sample` with a LiveEvent as `data:` after every sampling cycle of every cluster (or of `cluster`), `retry: 3000`, and a `: keep-alive` comment every 15 s. Resume with the `Last-Event-ID` header (or `lastEventId`): the events still buffered are sent first. In serverless mode the answer is one `event: polling` (data `{\"mode\":\"serverless\",\"reason\":\"…\"}`, header `X-Eventscope-Live: polling`) and the end of the stream: poll the metrics routes instead.",
  tag: "System",
  access: "viewer",
  parameters: [
    query("cluster", z.string(), "Only this cluster's samples."),
    query("lastEventId", z.number().int().min(0), "Same as the Last-Event-ID header, for clients that cannot set it."),
    header("Last-Event-ID", z.string(), "Resume after this event id."),
  ],
  responses: {
    "200": { description: "An endless event stream; each `data:` is a LiveEvent.", schema: LiveEvent, content: {"text/event-stream":{"schema":{"type":"string","contentMediaType":"text/event-stream"}}} },
  },
  errors: [],
});

/** GET /api/v1/cron/sample */
export const runCron = operation({
  method: "get",
  path: "/api/v1/cron/sample",
  id: "runCron",
  summary: "Serverless heartbeat: sample every cluster, run job slices",
  description: "For serverless mode (vercel.json calls it every minute). Samples every cluster whose stored sample is older than its interval, then runs queued and running jobs until the budget (EVENTSCOPE_CRON_BUDGET_MS, default 50 s) is spent; a job not finished pauses with its cursor saved and resumes at the next call. Accepts `Authorization: Bearer $CRON_SECRET` (what Vercel Cron sends) or an admin credential. On a server it does nothing and answers `mode: server`.",
  tag: "System",
  access: "admin",
  responses: {
    "200": { description: "What this call did.", schema: wire({
      mode: z.enum(["server","serverless"]),
      clusters: z.array(wire({
        id: z.string(),
        outcome: z.enum(["sampled","fresh","busy","failed"]).describe("sampled: a new snapshot; fresh: the stored one was recent; busy: another instance was sampling; failed: the broker could not be read."),
      })),
      jobs: z.array(wire({
        id: z.string(),
        kind: z.string(),
        outcome: z.enum(["succeeded","cancelled","failed","paused","busy","lost"]).describe("paused: out of time, resumes at the next call; busy: another runner holds it; lost: this runner's lease ran out and another runner took the job over."),
        done: z.number().int(),
        total: z.number().int(),
      })),
      tookMs: z.number().int(),
    }) },
  },
  errors: [],
});

export const systemOperations = [getHealth, getOpenApi, getMetrics, getLive, runCron];
