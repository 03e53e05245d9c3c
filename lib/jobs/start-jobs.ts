import "server-only";
import { executeRequeue } from "@/lib/dlq/requeue-job";
import { executeReplay } from "@/lib/replay/replay-job";
import { registerExecutor, startJobRunner } from "./job-runner";

/** Registers every job kind and starts the runner (from instrumentation, or a worker process). */
export function startJobs(): void {
  registerExecutor("requeue", executeRequeue);
  registerExecutor("replay", executeReplay);
  startJobRunner();
}
