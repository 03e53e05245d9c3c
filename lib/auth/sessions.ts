import "server-only";
import { getDb } from "@/lib/db";
import { SESSION_TTL_MS } from "./cookies";
import type { Actor, Role } from "./roles";
import { isRole } from "./roles";
import { randomSecret, sha256Hex } from "./secret-tokens";

// Browser sessions: the cookie holds 32 random bytes; the row's id is their sha256, so a copy of
// the database does not yield usable cookies. Fixed 12-hour lifetime from sign-in (not sliding):
// a stolen cookie stops working at a known time, and nothing is written on every request.

interface UserRow {
  id: string;
  username: string;
  role: string;
  canSeeClearValues: boolean;
  disabled: boolean;
}

export function actorFromUser(user: UserRow, via: Actor["via"], extra: Partial<Actor> = {}): Actor | null {
  if (user.disabled || !isRole(user.role)) return null;
  return { id: user.id, username: user.username, role: user.role as Role, canSeeClearValues: user.canSeeClearValues, via, ...extra };
}

export async function createSession(userId: string): Promise<{ cookieValue: string; expiresAt: Date }> {
  const db = await getDb();
  const cookieValue = randomSecret(32);
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  // Sign-in is a good moment to drop expired rows; no background job needed.
  await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await db.session.create({ data: { id: sha256Hex(cookieValue), userId, expiresAt } });
  return { cookieValue, expiresAt };
}

/** The actor of a session cookie, or null (unknown, expired, or the user was disabled). */
export async function findSessionActor(cookieValue: string | undefined): Promise<Actor | null> {
  if (!cookieValue || cookieValue.length > 200) return null;
  const db = await getDb();
  const id = sha256Hex(cookieValue);
  const session = await db.session.findUnique({ where: { id }, include: { user: true } });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  return actorFromUser(session.user, "session", { sessionId: id });
}

export async function deleteSessionByCookie(cookieValue: string): Promise<void> {
  const db = await getDb();
  await db.session.deleteMany({ where: { id: sha256Hex(cookieValue) } });
}

/** Signs a user out everywhere (disabled, password changed), except the session making the change. */
export async function deleteSessionsOfUser(userId: string, keepSessionId?: string): Promise<void> {
  const db = await getDb();
  await db.session.deleteMany({ where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
}
