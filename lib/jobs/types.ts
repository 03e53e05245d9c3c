// The Job shape of the jobs API (GET /api/v1/jobs...), shared by the server and the browser.
// Plain types only: safe to import from client components (job-store.ts is server-only).

export type JobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";
/** "dead-letter": pending entries past a delivery limit moved to a dead-letter destination (lib/consumers/pending-entries.ts). */
/** "outbox-retry" / "outbox-mark-failed": rows of an outbox table (lib/outbox/outbox-actions.ts). */
/** "pending-claim" / "pending-ack": a group's pending entries claimed to a consumer or acknowledged (lib/consumers/pending-actions.ts). */
export type JobKind = "requeue" | "replay" | "dead-letter" | "pending-claim" | "pending-ack" | "outbox-retry" | "outbox-mark-failed";

export interface JobView {
  id: string;
  kind: JobKind;
  state: JobState;
  clusterId: string;
  total: number;
  done: number;
  failed: number;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Why the job failed (state "failed"), in a plain sentence. */
  error?: string;
  /** Why messages were not sent (counted in `failed`), most frequent first. */
  failures?: { reason: string; count: number }[];
  /** While a running job waits for its broker: since when, and why ("broker unavailable: ..."). */
  pausedSince?: string;
  pausedReason?: string;
  /** What the job was asked to do (requeue: topic, ids/filter, target, ratePerSec...). */
  params: unknown;
  /** Someone asked to cancel; a running job stops at its next batch (state still "running" until then). */
  cancelRequested: boolean;
}
