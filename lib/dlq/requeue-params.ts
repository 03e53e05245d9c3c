import type { z } from "zod";
import type { requeueBody } from "@/lib/contract/dlq";

// The body of POST /dlq/{topic}/requeue is parsed with the contract's schema (lib/contract/dlq.ts);
// here, what a requeue job keeps to resume.
export type RequeueBody = z.infer<typeof requeueBody>;

export interface RequeueJobParams {
  topic: string;
  dlqKind: "topic" | "advisories";
  ids?: string[];
  filter?: { q?: string; error?: string; originalTopic?: string; since?: string; until?: string };
  /** filter.q is matched on masked values: the requester may not see clear ones (lib/dlq/mask-dlq-messages.ts). */
  matchMaskedValues?: true;
  target?: string;
  ratePerSec: number;
  dropHeaders?: string[];
  setHeaders?: Record<string, string>;
  value?: string;
}

export const DEFAULT_REQUEUE_RATE = 10_000;
