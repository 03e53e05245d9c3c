import "server-only";
import { Prisma } from "@/generated/prisma/sqlite/client";
import { getDb } from "@/lib/db";
import { resolveDatabaseTarget } from "@/lib/db/database-url";

// Per-message state of DLQ messages in the database. A row exists once a message has been claimed
// by a requeue job ("requeuing"), requeued or discarded; no row means pending. The primary key
// (cluster, DLQ topic, message id) is what makes a claim exclusive: two jobs, two operators or a
// resumed job can never both send one message.

export type DlqStatus = "pending" | "requeuing" | "requeued" | "discarded";

export interface StateKey {
  clusterId: string;
  dlqTopic: string;
}

export async function statusesOf(key: StateKey, messageIds: string[]): Promise<Map<string, DlqStatus>> {
  if (messageIds.length === 0) return new Map();
  const db = await getDb();
  const rows = await db.$queryRaw<{ messageId: string; status: string }[]>`
    SELECT s."messageId", s."status" FROM ${stateTable()} AS s ${joinIds(messageIds)}
    s."clusterId" = ${key.clusterId} AND s."dlqTopic" = ${key.dlqTopic}`;
  return new Map(rows.map((row) => [row.messageId, row.status as DlqStatus]));
}

// Lists of ids travel as ONE parameter, a JSON array the database unpacks (SQLite json_each,
// PostgreSQL json_array_elements_text): one statement per batch whatever its size, no bind-variable
// limit (Prisma's SQLite adapter refuses more than 999), and 4-6x less time than one bind value per
// id, which was most of a requeue's database time. How the unpacked ids are matched differs, each
// measured at 3,000 ids: PostgreSQL must join them (`IN (SELECT ...)` is planned as a nested loop
// over the DLQ's rows: seconds), SQLite must not (a join there scans the table: seconds).
// `joinIds` / `fromIds` / `usingIds` end with WHERE or AND: the statement's conditions follow.

/** For a SELECT from `s`: a join on the ids (PostgreSQL) or a filter (SQLite), then WHERE. */
function joinIds(ids: string[]) {
  const json = JSON.stringify(ids);
  return isPostgres()
    ? Prisma.sql`JOIN json_array_elements_text(${json}::json) AS ids(id) ON s."messageId" = ids.id WHERE`
    : Prisma.sql`WHERE s."messageId" IN (SELECT value FROM json_each(${json})) AND`;
}

/** For an UPDATE of `s`, after SET. */
function fromIds(ids: string[]) {
  const json = JSON.stringify(ids);
  return isPostgres()
    ? Prisma.sql`FROM json_array_elements_text(${json}::json) AS ids(id) WHERE s."messageId" = ids.id AND`
    : Prisma.sql`WHERE s."messageId" IN (SELECT value FROM json_each(${json})) AND`;
}

/** For a DELETE FROM `s` (SQLite has no DELETE ... USING). */
function usingIds(ids: string[]) {
  const json = JSON.stringify(ids);
  return isPostgres()
    ? Prisma.sql`USING json_array_elements_text(${json}::json) AS ids(id) WHERE s."messageId" = ids.id AND`
    : Prisma.sql`WHERE s."messageId" IN (SELECT value FROM json_each(${json})) AND`;
}

/**
 * Claims messages for a job. Returns the ids this job now owns; ids already claimed, requeued or
 * discarded (by anyone) are left out.
 */
export async function claimForJob(key: StateKey, jobId: string, entries: { messageId: string; requeueId: string }[]): Promise<Set<string>> {
  return new Set(await insertStates(key, entries, "requeuing", jobId));
}

/**
 * Inserts state rows for messages that have none, in one statement, and returns the ids it
 * inserted. `ON CONFLICT DO NOTHING ... RETURNING` makes the check and the claim one atomic step in
 * both SQLite and PostgreSQL: a row someone else holds is skipped, never overwritten, so two
 * claimers racing for one message cannot both win. (Prisma's createMany would need a read first
 * and a one-by-one retry on a unique violation, and was most of a requeue batch's time.)
 */
async function insertStates(
  key: StateKey,
  entries: { messageId: string; requeueId: string }[],
  status: "requeuing" | "discarded",
  jobId: string | null,
): Promise<string[]> {
  if (entries.length === 0) return [];
  const db = await getDb();
  const json = JSON.stringify(entries.map((entry) => [entry.messageId, entry.requeueId]));
  const pairs = isPostgres()
    ? Prisma.sql`SELECT pair->>0 AS "messageId", pair->>1 AS "requeueId" FROM json_array_elements(${json}::json) AS pair`
    : Prisma.sql`SELECT json_extract(value, '$[0]') AS "messageId", json_extract(value, '$[1]') AS "requeueId" FROM json_each(${json})`;
  // "WHERE true": SQLite needs it to tell INSERT ... SELECT ... ON CONFLICT from a join's ON.
  const inserted = await db.$queryRaw<{ messageId: string }[]>`
    INSERT INTO ${stateTable()} ("clusterId", "dlqTopic", "messageId", "status", "requeueId", "jobId", "updatedAt")
    SELECT ${key.clusterId}, ${key.dlqTopic}, pairs."messageId", ${status}, pairs."requeueId", ${jobId}, ${new Date()} FROM (${pairs}) AS pairs WHERE true
    ON CONFLICT DO NOTHING
    RETURNING "messageId"`;
  return inserted.map((row) => row.messageId);
}

const isPostgres = () => resolveDatabaseTarget(process.env).kind === "postgres";

/** The table name, qualified by DATABASE_URL's ?schema= on PostgreSQL as Prisma's own queries are. */
function stateTable() {
  const target = resolveDatabaseTarget(process.env);
  // The schema is checked to be a plain identifier by resolveDatabaseTarget.
  return target.kind === "postgres" && target.schema ? Prisma.raw(`"${target.schema}"."DlqMessageState"`) : Prisma.raw(`"DlqMessageState"`);
}

export async function markRequeued(key: StateKey, jobId: string, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  const db = await getDb();
  await db.$executeRaw`
    UPDATE ${stateTable()} AS s SET "status" = 'requeued', "updatedAt" = ${new Date()} ${fromIds(messageIds)}
    s."clusterId" = ${key.clusterId} AND s."dlqTopic" = ${key.dlqTopic} AND s."jobId" = ${jobId} AND s."status" = 'requeuing'`;
}

/** Gives claims back (the message was not sent), so a later run can take them. */
export async function releaseClaims(key: StateKey, jobId: string, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  const db = await getDb();
  await db.$executeRaw`
    DELETE FROM ${stateTable()} AS s ${usingIds(messageIds)}
    s."clusterId" = ${key.clusterId} AND s."dlqTopic" = ${key.dlqTopic} AND s."jobId" = ${jobId} AND s."status" = 'requeuing'`;
}

/** How many messages this job has recorded as requeued: what its `done` must say. */
export async function countRequeuedByJob(key: StateKey, jobId: string): Promise<number> {
  const db = await getDb();
  return db.dlqMessageState.count({ where: { ...key, jobId, status: "requeued" } });
}

/** The ids of messages requeued or discarded from a DLQ (to see which are still in it). */
export async function resolvedMessageIds(key: StateKey): Promise<string[]> {
  const db = await getDb();
  const rows = await db.dlqMessageState.findMany({ where: { ...key, status: { in: ["requeued", "discarded"] } }, select: { messageId: true } });
  return rows.map((row) => row.messageId);
}

/** Claims this job left in flight (a crash between sending and recording). */
export async function inFlightClaims(key: StateKey, jobId: string): Promise<{ messageId: string; requeueId: string }[]> {
  const db = await getDb();
  return db.dlqMessageState.findMany({ where: { ...key, jobId, status: "requeuing" }, select: { messageId: true, requeueId: true } });
}

/** Marks pending messages discarded; returns the ids that changed. */
export async function markDiscarded(key: StateKey, entries: { messageId: string; requeueId: string }[]): Promise<string[]> {
  return insertStates(key, entries, "discarded", null);
}

/** Messages no longer pending, per DLQ topic of a cluster. */
export async function resolvedCounts(clusterId: string): Promise<Map<string, number>> {
  const db = await getDb();
  const rows = await db.dlqMessageState.groupBy({
    by: ["dlqTopic"],
    where: { clusterId, status: { in: ["requeued", "discarded"] } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.dlqTopic, row._count._all]));
}
