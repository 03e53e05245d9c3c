import type { Actor } from "@/lib/auth/roles";
import { hideSearchTexts, redactFields } from "@/lib/audit/redaction";
import type { JobView } from "./types";

/**
 * A job as `actor` may see it. A requeue's params hold what the operator sent with it (setHeaders,
 * often an `authorization` header; an edited value, often the event's payload): people without the
 * clear-values permission see those fields redacted exactly as the audit trail records them, and the
 * filter's search texts too (hideSearchTexts).
 */
export function jobViewFor(actor: Pick<Actor, "canSeeClearValues">, job: JobView): JobView {
  return actor.canSeeClearValues ? job : { ...job, params: hideSearchTexts(redactFields(job.params)) };
}
