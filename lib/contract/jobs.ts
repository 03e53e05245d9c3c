import { z } from "zod";
import { JOB_KINDS, JOB_SORTS, JOB_STATES, MAX_JOB_QUERY_CHARS } from "@/lib/jobs/job-list-options";
import { named, wire, isoTime } from "./schema-kit";
import { operation, type ResponseOf } from "./operation";
import { queryChoice, queryInteger, queryParameters, queryText } from "./query-kit";

// Jobs (requeue, replay, dead-letter) and replay.
// Zod only: client components may `import type` from here, never import values (zod must stay out
// of the browser bundle). How to add a route: docs/api-contract.md.

export const Job = named("Job", wire({
  id: z.string(),
  kind: z.enum(["requeue","replay","dead-letter","pending-claim","pending-ack","outbox-retry","outbox-mark-failed"]),
  state: z.enum(["queued","running","succeeded","failed","cancelled"]),
  clusterId: z.string(),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  createdBy: z.string(),
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  error: z.string().describe("Why the job failed (state `failed`): the broker's refusal, an invalid target, an outage that outlasted the retries, or every message refused (\"none of its 3 messages was sent: <reasons>\"). A job that sent some messages and had others refused ends `succeeded` with `failed` > 0 and `failures` (the console shows it as \"partly failed\").").optional(),
  failures: z.array(wire({
    reason: z.string(),
    count: z.number().int(),
  })).describe("Why messages were not sent (counted in `failed`), most frequent first; such messages stay pending in the DLQ. At most 20 reasons, the rest as `other reasons`.").optional(),
  pausedSince: isoTime.describe("While a running job waits for its broker to answer again: since when. Absent once it answers.").optional(),
  pausedReason: z.string().describe("With pausedSince: why, such as \"broker unavailable: connection refused to ...\".").optional(),
  params: z.unknown().describe("What the job was asked to do. Without the clear-values permission, fields the audit trail redacts (setHeaders, an edited value) read \"[redacted]\".").optional(),
  cancelRequested: z.boolean().describe("A cancel was asked for: a queued job is cancelled at once, a running one stops at its next batch (its state stays `running` until then)."),
}));
export type Job = z.infer<typeof Job>;

export const JobAccepted = named("JobAccepted", wire({
  job: Job,
  clearedRecords: z.number().int().describe("Requeue with clearIdempotencyRecords: records deleted before the job.").optional(),
}));
export type JobAccepted = z.infer<typeof JobAccepted>;

export const DryRunMatched = named("DryRunMatched", wire({
  matched: z.number().int().describe("How many messages the request would move."),
  recordsToClear: z.number().int().describe("Requeue with clearIdempotencyRecords: events whose record would be deleted.").optional(),
}));
export type DryRunMatched = z.infer<typeof DryRunMatched>;

// A failed union only says "Invalid input": say what a bound looks like instead.
const replayBound = z.union(
  [
    z.strictObject({ offset: z.number().int().min(0, "offset must be 0 or more").describe("Kafka offset or JetStream stream sequence.") }),
    z.strictObject({ timestamp: isoTime.describe("ISO 8601 time with a zone.") }),
  ],
  { error: 'expected {"offset": <whole number, 0 or more>} or {"timestamp": "<ISO 8601 time with offset>"}' },
);

/** The body of a replay; the route parses with it (lib/replay/verbs/replay.ts). */
export const replayBody = z.object({
  from: replayBound,
  to: replayBound,
  partitions: z.array(z.number().int().min(0)).min(1).max(10_000).describe("Default: every partition.").optional(),
  target: z.string().min(1).max(300).describe("Topic (Kafka) or subject (JetStream) to publish to: an existing, non-internal topic, or a subject a stream captures (never `$`-prefixed or `_INBOX`); otherwise 400 naming `target`."),
  ratePerSec: z.number().int().min(1, "ratePerSec must be at least 1").max(100_000, "ratePerSec must be at most 100000").optional(),
  dryRun: z.boolean().optional(),
});

/** POST /api/v1/clusters/{cluster}/topics/{topic}/replay */
export const replay = operation({
  method: "post",
  path: "/api/v1/clusters/{cluster}/topics/{topic}/replay",
  id: "replay",
  summary: "Replay a range of messages to a target topic, as a job",
  description: "`to` as an offset is inclusive; as a time it excludes messages at or after it. The job survives a restart of the console and resumes where it stopped. `dryRun` answers the count only.",
  tag: "Jobs",
  access: "operator",
  body: replayBody,
  responses: {
    "200": { description: "dryRun: how many messages would be replayed.", schema: DryRunMatched },
    "202": { description: "The job was queued; follow it at /api/v1/jobs/{job}.", schema: JobAccepted },
  },
  errors: ["NotFound","Unprocessable","Unavailable"],
});

/** The query of GET /api/v1/jobs, as the route parses it (lib/jobs/job-list-query.ts turns it into the database's where and order). */
export const listJobsQuery = z.object({
  limit: queryInteger("limit", 1, 200, 50),
  cursor: queryText("cursor", 100).optional(),
  sort: queryChoice("sort", JOB_SORTS).default("createdAt"),
  dir: queryChoice("dir", ["asc", "desc"], "dir must be asc or desc").optional(),
  state: queryChoice("state", JOB_STATES).optional(),
  kind: queryChoice("kind", JOB_KINDS).optional(),
  /** Plain text (never a pattern) found in the job's id, cluster, creator or parameters (topic, target). */
  q: queryText("q", MAX_JOB_QUERY_CHARS).optional(),
});
export type ListJobsQuery = z.output<typeof listJobsQuery>;

/** GET /api/v1/jobs */
export const listJobs = operation({
  method: "get",
  path: "/api/v1/jobs",
  id: "listJobs",
  summary: "Requeue and replay jobs, newest first",
  tag: "Jobs",
  access: "viewer",
  parameters: queryParameters(listJobsQuery, {
    limit: "Page size.",
    cursor: "`next` of the previous page.",
    sort: "Order of the whole list (not of one page); unset start/finish times sort last.",
    dir: "Direction: desc (newest, most failed first) for times and failed, asc for kind, state and createdBy.",
    state: "Only jobs in this state.",
    kind: "Only jobs of this kind.",
    q: "Plain text in the job's id, cluster or creator, or its topic or target (from their start); with the clear-values permission, anywhere in its parameters.",
  }),
  responses: {
    "200": { description: "A page of jobs.", schema: wire({
      jobs: z.array(Job),
      next: z.string().optional(),
    }) },
  },
  errors: ["BadRequest"],
});

/** GET /api/v1/jobs/{job} */
export const getJob = operation({
  method: "get",
  path: "/api/v1/jobs/{job}",
  id: "getJob",
  summary: "One job and its progress",
  tag: "Jobs",
  access: "viewer",
  responses: {
    "200": { description: "The job.", schema: Job },
  },
  errors: ["NotFound"],
});

/** POST /api/v1/jobs/{job}/cancel */
export const cancelJob = operation({
  method: "post",
  path: "/api/v1/jobs/{job}/cancel",
  id: "cancelJob",
  summary: "Stop a queued or running job",
  description: "A queued job stops at once, a running one at its next batch; a finished one is returned as it is.",
  tag: "Jobs",
  access: "operator",
  responses: {
    "200": { description: "The job after the request.", schema: Job },
  },
  errors: ["NotFound"],
});

export const jobsOperations = [replay, listJobs, getJob, cancelJob];

// The answers as the client reads them.
export type JobKind = Job["kind"];
export type JobState = Job["state"];
/** Why some of a job's messages were not sent ({reason, count}; the job's `failures`). */
export type JobFailure = NonNullable<Job["failures"]>[number];
export type JobsResponse = ResponseOf<typeof listJobs>;
