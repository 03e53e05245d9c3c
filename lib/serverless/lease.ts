import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db";

// Short exclusive claims across function instances, in the database (the only thing they share).
// Taking one is a single conditional UPDATE ("... WHERE key = ? AND takenUntil < now"): the database
// applies it to the row at most once among concurrent callers, so exactly one wins. The row is
// created on first use; a lost race to create it is just a lost race for the lease.

/** This instance's name in Lease.holder (a fresh one per cold start). */
export const INSTANCE_ID = `${process.env.VERCEL_REGION ?? "local"}-${process.pid}-${randomUUID().slice(0, 8)}`;

/** True when this instance now holds `key` until `now + ms`. */
export async function tryTakeLease(key: string, ms: number, holder = INSTANCE_ID, now = Date.now()): Promise<boolean> {
  const db = await getDb();
  const takenUntil = new Date(now + ms);
  const taken = await db.lease.updateMany({ where: { key, takenUntil: { lt: new Date(now) } }, data: { holder, takenUntil } });
  if (taken.count === 1) return true;
  try {
    await db.lease.create({ data: { key, holder, takenUntil } });
    return true;
  } catch {
    // The row exists (held by someone, or created by a racing instance a moment ago).
    return false;
  }
}

/** Extends a lease `holder` still holds to `now + ms`; false when it no longer holds it (it ran out and was taken). */
export async function renewLease(key: string, ms: number, holder = INSTANCE_ID, now = Date.now()): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.lease.updateMany({ where: { key, holder }, data: { takenUntil: new Date(now + ms) } });
  return count === 1;
}

/** Gives the lease back early (only if we still hold it), so the next caller need not wait it out. */
export async function releaseLease(key: string, holder = INSTANCE_ID): Promise<void> {
  const db = await getDb();
  await db.lease.updateMany({ where: { key, holder }, data: { takenUntil: new Date(0) } });
}

/** Deletes leases that ended more than a day ago (a job's lease row is not needed once it is done). */
export async function pruneLeases(now = Date.now()): Promise<number> {
  const db = await getDb();
  const { count } = await db.lease.deleteMany({ where: { takenUntil: { lt: new Date(now - 86_400_000) } } });
  return count;
}
