// The Job shape of the jobs API (GET /api/v1/jobs...), shared by the server and the browser: the
// contract's (lib/contract/jobs.ts), so what job-store builds and what openapi.json says cannot drift.
// Types only: safe to import from client components (job-store.ts is server-only).
import type { Job } from "@/lib/contract/jobs";

export type JobState = Job["state"];
/** "dead-letter": pending entries past a delivery limit moved to a dead-letter destination (lib/consumers/pending-entries.ts). */
/** "outbox-retry" / "outbox-mark-failed": rows of an outbox table (lib/outbox/outbox-actions.ts). */
/** "pending-claim" / "pending-ack": a group's pending entries claimed to a consumer or acknowledged (lib/consumers/pending-actions.ts). */
export type JobKind = Job["kind"];
export type JobView = Job;
