import type { z } from "zod";
import type { outboxActionBody } from "@/lib/contract/outbox";

// The outbox API's requests are the contract's (lib/contract/outbox.ts): the rows and history queries
// (listOutboxRowsQuery, outboxHistoryQuery) and the retry / mark-failed body (outboxActionBody).
export type ActionBody = z.infer<typeof outboxActionBody>;
