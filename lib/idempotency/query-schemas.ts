import { z } from "zod";

// Path parameters of the idempotency API (the queries are the contract's: lib/contract/idempotency.ts).

/** A record key as it arrives in the path (already URL-decoded by the router). */
export const recordKeySchema = z.string().min(1, "key must not be empty").max(64 * 1024, "key is too long");

export const storeIdSchema = z.string().min(1).max(64);
