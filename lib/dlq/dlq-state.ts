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
  const rows = await db.dlqMessageState.findMany({
    where: { clusterId: key.clusterId, dlqTopic: key.dlqTopic, messageId: { in: messageIds } },
    select: { messageId: true, status: true },
  });
  return new Map(rows.map((row) => [row.messageId, row.status as DlqStatus]));
}

/**
 * Claims messages for a job. Returns the ids this job now owns; ids already claimed, requeued or
 * discarded (by anyone) are left out.
 */
export async function claimForJob(key: StateKey, jobId: string, entries: { messageId: string; requeueId: string }[]): Promise<Set<string>> {
  return new Set(await insertStates(key, entries, "requeuing", jobId));
}

// Rows per INSERT: 7 bind values each stays far below SQLite's 32,766 and PostgreSQL's 65,535.
const INSERT_CHUNK = 2_000;

/**
 * Inserts state rows for messages that have none, in one statement per chunk, and returns the ids
 * it inserted. `ON CONFLICT DO NOTHING ... RETURNING` makes the check and the claim one atomic step
 * in both SQLite and PostgreSQL: a row someone else holds is skipped, never overwritten, so two
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
  const now = new Date();
  const won: string[] = [];
  for (let start = 0; start < entries.length; start += INSERT_CHUNK) {
    const rows = entries
      .slice(start, start + INSERT_CHUNK)
      .map((entry) => Prisma.sql`(${key.clusterId}, ${key.dlqTopic}, ${entry.messageId}, ${status}, ${entry.requeueId}, ${jobId}, ${now})`);
    const inserted = await db.$queryRaw<{ messageId: string }[]>`
      INSERT INTO ${stateTable()} ("clusterId", "dlqTopic", "messageId", "status", "requeueId", "jobId", "updatedAt")
      VALUES ${Prisma.join(rows)}
      ON CONFLICT DO NOTHING
      RETURNING "messageId"`;
    for (const row of inserted) won.push(row.messageId);
  }
  return won;
}

/** The table name, qualified by DATABASE_URL's ?schema= on PostgreSQL as Prisma's own queries are. */
function stateTable() {
  const target = resolveDatabaseTarget(process.env);
  // The schema is checked to be a plain identifier by resolveDatabaseTarget.
  return target.kind === "postgres" && target.schema ? Prisma.raw(`"${target.schema}"."DlqMessageState"`) : Prisma.raw(`"DlqMessageState"`);
}

export async function markRequeued(key: StateKey, jobId: string, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  const db = await getDb();
  await db.dlqMessageState.updateMany({
    where: { ...key, jobId, messageId: { in: messageIds }, status: "requeuing" },
    data: { status: "requeued" },
  });
}

/** Gives claims back (the message was not sent), so a later run can take them. */
export async function releaseClaims(key: StateKey, jobId: string, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  const db = await getDb();
  await db.dlqMessageState.deleteMany({ where: { ...key, jobId, messageId: { in: messageIds }, status: "requeuing" } });
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
