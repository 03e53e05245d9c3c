import "server-only";
import { getDb } from "@/lib/db";

// Per-message state of DLQ messages in the database. A row exists once a message has been claimed
// by a requeue job ("requeuing"), requeued or discarded; no row means pending. The primary key
// (cluster, DLQ topic, message id) is what makes a claim exclusive: two jobs, two operators or a
// resumed job can never both send one message.

export type DlqStatus = "pending" | "requeuing" | "requeued" | "discarded";

export interface StateKey {
  clusterId: string;
  dlqTopic: string;
}

const P2002 = "P2002";
const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === P2002;

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
  if (entries.length === 0) return new Set();
  const db = await getDb();
  const taken = await statusesOf(key, entries.map((entry) => entry.messageId));
  const free = entries.filter((entry) => !taken.has(entry.messageId));
  const row = (entry: { messageId: string; requeueId: string }) => ({ ...key, ...entry, status: "requeuing", jobId });
  try {
    await db.dlqMessageState.createMany({ data: free.map(row) });
    return new Set(free.map((entry) => entry.messageId));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  // Someone claimed part of this batch at the same moment: claim one by one, keeping what we win.
  const won = new Set<string>();
  for (const entry of free) {
    try {
      await db.dlqMessageState.create({ data: row(entry) });
      won.add(entry.messageId);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return won;
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

/** Marks pending messages discarded; returns how many changed. */
export async function markDiscarded(key: StateKey, entries: { messageId: string; requeueId: string }[]): Promise<string[]> {
  const db = await getDb();
  const taken = await statusesOf(key, entries.map((entry) => entry.messageId));
  const free = entries.filter((entry) => !taken.has(entry.messageId));
  const done: string[] = [];
  for (const entry of free) {
    try {
      await db.dlqMessageState.create({ data: { ...key, ...entry, status: "discarded" } });
      done.push(entry.messageId);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return done;
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
