import "server-only";
import { executeRequeue } from "@/lib/dlq/requeue-job";
import { executeDeadLetter } from "@/lib/consumers/pending-entries";
import { executePendingAction } from "@/lib/consumers/pending-actions";
import { executeReplay } from "@/lib/replay/replay-job";
import { executeOutboxAction } from "@/lib/outbox/outbox-actions";
import { registerExecutor, startJobRunner } from "./job-runner";

/** Tells the runner how to execute each job kind (also for slices run by the cron route). */
export function registerJobKinds(): void {
  registerExecutor("requeue", executeRequeue);
  registerExecutor("replay", executeReplay);
  registerExecutor("dead-letter", executeDeadLetter);
  registerExecutor("pending-claim", executePendingAction);
  registerExecutor("pending-ack", executePendingAction);
  registerExecutor("outbox-retry", executeOutboxAction);
  registerExecutor("outbox-mark-failed", executeOutboxAction);
}

/** Registers every job kind and starts the runner (from instrumentation, or a worker process). */
export function startJobs(): void {
  registerJobKinds();
  startJobRunner();
}
