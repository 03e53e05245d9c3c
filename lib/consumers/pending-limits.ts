// Bounds of the pending-entries requests, shared by the contract's schemas (lib/contract/consumers.ts)
// and the browser's checks (lib/client/pending-form.ts). Zod-free, so the browser may import it.

/** How long an entry may have been idle, at most, in a filter or a selection (a year). */
export const MAX_IDLE_MS = 365 * 86_400_000;
/** Longest consumer name a claim gives entries to. */
export const MAX_CONSUMER_NAME = 256;
/** Most entries one claim or ack names by id. */
export const MAX_SELECTED_IDS = 1_000;
