import "server-only";
import type { z } from "zod";
import { DomainError, notFound } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { hashPassword } from "./passwords";
import type { Actor, Role } from "./roles";
import type { User, createUserBody, updateUserBody } from "@/lib/contract/access";
import { deleteSessionsOfUser } from "./sessions";

// Users and what admins can do to them. Usernames are case-insensitive (stored in lower case).
// The console always keeps one enabled admin: the last one cannot be demoted, disabled or deleted.

/** A user as the API shows it: the contract's User (sso: a single-sign-on user, lib/auth/oidc-sign-in.ts). */
export type UserView = User;

type UserRow = {
  id: string;
  username: string;
  role: string;
  canSeeClearValues: boolean;
  disabled: boolean;
  ssoSubject?: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    // The column holds only roles the request schemas accepted (SQLite has no enum type).
    role: row.role as Role,
    canSeeClearValues: row.canSeeClearValues,
    disabled: row.disabled,
    sso: Boolean(row.ssoSubject),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const UNIQUE_VIOLATION = "P2002";
const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;

export async function listUsers(): Promise<UserView[]> {
  const db = await getDb();
  const rows = await db.user.findMany({ orderBy: { username: "asc" } });
  return rows.map(userView);
}

export async function createUser(input: z.infer<typeof createUserBody>): Promise<UserView> {
  const db = await getDb();
  try {
    const row = await db.user.create({
      data: {
        username: input.username,
        passwordHash: await hashPassword(input.password),
        role: input.role,
        canSeeClearValues: input.canSeeClearValues ?? false,
      },
    });
    return userView(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict", `user "${input.username}" already exists`, { field: "username" });
    throw error;
  }
}

async function otherEnabledAdmins(userId: string): Promise<number> {
  const db = await getDb();
  return db.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
}

export async function updateUser(actor: Actor, userId: string, change: z.infer<typeof updateUserBody>): Promise<UserView> {
  const db = await getDb();
  const row = await db.user.findUnique({ where: { id: userId } });
  if (!row) throw notFound(`user "${userId}"`);
  const losesAdmin = row.role === "admin" && !row.disabled && ((change.role && change.role !== "admin") || change.disabled === true);
  if (losesAdmin && (await otherEnabledAdmins(userId)) === 0) {
    throw new DomainError("conflict", "this is the last enabled admin: make another user admin first");
  }
  if (userId === actor.id && change.disabled === true) throw new DomainError("conflict", "you cannot disable yourself");
  const updated = await db.user.update({
    where: { id: userId },
    data: {
      ...(change.role ? { role: change.role } : {}),
      ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
      ...(change.canSeeClearValues !== undefined ? { canSeeClearValues: change.canSeeClearValues } : {}),
      ...(change.password ? { passwordHash: await hashPassword(change.password) } : {}),
    },
  });
  // A disabled user or a changed password ends every open session of that user.
  if (change.disabled === true || change.password) await deleteSessionsOfUser(userId, userId === actor.id ? actor.sessionId : undefined);
  return userView(updated);
}

export async function deleteUser(actor: Actor, userId: string): Promise<UserView> {
  const db = await getDb();
  const row = await db.user.findUnique({ where: { id: userId } });
  if (!row) throw notFound(`user "${userId}"`);
  if (userId === actor.id) throw new DomainError("conflict", "you cannot delete yourself");
  if (row.role === "admin" && !row.disabled && (await otherEnabledAdmins(userId)) === 0) {
    throw new DomainError("conflict", "this is the last enabled admin: make another user admin first");
  }
  // Sessions and tokens go with the user (onDelete: Cascade).
  await db.user.delete({ where: { id: userId } });
  return userView(row);
}
