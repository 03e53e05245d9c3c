// The Job shape of the jobs API (GET /api/v1/jobs...), shared by the server and the browser.
// Plain types only: safe to import from client components (job-store.ts is server-only).

export type JobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";
export type JobKind = "requeue" | "replay";

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
  error?: string;
  /** What the job was asked to do (requeue: topic, ids/filter, target, ratePerSec...). */
  params: unknown;
  /** Someone asked to cancel; a running job stops at its next batch (state still "running" until then). */
  cancelRequested: boolean;
}
