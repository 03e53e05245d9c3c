// Shapes of the outbox API (GET /api/v1/outbox...), shared by the server and the browser: the
// contract's (lib/contract/outbox.ts), so the presenters and the pages cannot drift from openapi.json.
// Types only: safe to import from client components.
import type { OutboxPoint, OutboxRow, OutboxSourceDetail, OutboxSourceSummary, listOutboxRows } from "@/lib/contract/outbox";
import type { ResponseOf } from "@/lib/contract/operation";

export type { OutboxPoint, OutboxRow, OutboxSourceDetail, OutboxSourceSummary };
export type OutboxRowPage = ResponseOf<typeof listOutboxRows>;

export type OutboxKind = OutboxSourceSummary["kind"];
/** ok / warn / err as for consumer groups; down: the database cannot be reached or the table/column is wrong. */
export type OutboxStatus = OutboxSourceSummary["status"];
