import { z } from "zod";

// The `outbox` list of eventscope.config.json (API.md "Additions (2026-12-06)"): transactional outbox
// tables in PostgreSQL or MySQL/MariaDB. Names from here reach SQL only after they pass this pattern,
// were found in the database catalog (lib/outbox/*-driver.ts) and were quoted (sql-names.ts).

/** One SQL identifier: letters, digits, `_` and `$`, not starting with a digit (what needs no quoting). */
export const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
/** "reliable_outbox" or "schema.reliable_outbox" (MySQL: "database.table"). */
export const SQL_TABLE_NAME = /^(?:[A-Za-z_][A-Za-z0-9_$]{0,62}\.)?[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

const identifier = (field: string) =>
  z.string().regex(SQL_IDENTIFIER, `${field}: an SQL identifier (letters, digits, '_' or '$', not starting with a digit, at most 63)`);
/** A column, or null for "the table has none" (e.g. no attempts column). */
const optionalColumn = (field: string) => identifier(field).nullable().optional();

const statusValue = z.string().min(1).max(64);
const statusList = z.array(statusValue).min(1).max(20);

export const outboxColumnsSchema = z
  .object({
    id: identifier("columns.id").optional(),
    topic: optionalColumn("columns.topic"),
    payload: optionalColumn("columns.payload"),
    status: optionalColumn("columns.status"),
    attempts: optionalColumn("columns.attempts"),
    nextRetryAt: optionalColumn("columns.nextRetryAt"),
    createdAt: optionalColumn("columns.createdAt"),
    aggregateType: optionalColumn("columns.aggregateType"),
    aggregateId: optionalColumn("columns.aggregateId"),
    type: optionalColumn("columns.type"),
  })
  .strict();

export const outboxSourceSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9][a-z0-9._-]*$/i, "use letters, digits, '.', '_' or '-'"),
    name: z.string().min(1).max(120).optional(),
    kind: z.enum(["postgres", "mysql"]),
    /** postgres://user@host:5432/db, mysql://root@127.0.0.1:3306/db (MariaDB too). */
    url: z.string().regex(/^(postgres(ql)?|mysql|mariadb):\/\/[^\s]+$/i, "a postgres:// or mysql:// URL"),
    table: z.string().regex(SQL_TABLE_NAME, "table: table or schema.table, each an SQL identifier"),
    /** Column defaults: "seeds" (id, topic, payload, status, attempts, next_retry_at, created_at) or "debezium" (id, aggregatetype, aggregateid, type, payload). */
    layout: z.enum(["seeds", "debezium"]).optional(),
    columns: outboxColumnsSchema.optional(),
    /** Which status values mean what; an unlisted value shows in byStatus only. */
    statuses: z.object({ pending: statusList.optional(), published: statusList.optional(), failed: statusList.optional() }).strict().optional(),
    /** A pending row with at least this many attempts is stuck (default 5). */
    maxAttempts: z.number().int().min(1).max(1_000_000).optional(),
    /** A pending row whose next_retry_at passed more than this long ago is stuck (default 60 s). */
    retryGraceSeconds: z.number().int().min(0).max(86_400).optional(),
    /** The oldest unpublished row older than this is WARN (default 60 s). */
    warnAgeSeconds: z.number().int().min(1).max(30 * 86_400).optional(),
    /** The console never writes to the table unless this is true (retry now, mark failed). */
    allowActions: z.boolean().optional(),
    samplingIntervalMs: z.number().int().min(1000).max(600_000).optional(),
  })
  .strict();

export type OutboxSourceConfig = z.infer<typeof outboxSourceSchema>;
