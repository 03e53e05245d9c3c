import "server-only";
import { DomainError } from "@/lib/errors";
import { getDb } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword } from "./passwords";
import { userView, type UserView } from "./users";

// The first admin. With EVENTSCOPE_ADMIN_PASSWORD set, it is created (username EVENTSCOPE_ADMIN_USER
// or "admin") the first time sign-in is used while the users table is empty. Without it, the
// sign-in page offers a one-time form to create it, only while the table is empty: set the
// variable on any console reachable by people who should not become admin.
const SETUP_LOCK_KEY = "auth:firstAdminCreated";

function adminUsernameFromEnv(): string {
  return (process.env.EVENTSCOPE_ADMIN_USER || "admin").trim().toLowerCase();
}

let ensured: Promise<void> | undefined;

/** Creates the env-configured first admin if there are no users yet; once per process. */
export function ensureFirstAdmin(): Promise<void> {
  ensured ??= createAdminFromEnv().catch((error) => {
    ensured = undefined;
    throw error;
  });
  return ensured;
}

async function createAdminFromEnv(): Promise<void> {
  const password = process.env.EVENTSCOPE_ADMIN_PASSWORD;
  if (!password) return;
  const db = await getDb();
  if ((await db.user.count()) > 0) return;
  const username = adminUsernameFromEnv();
  if (password.length < 12) console.warn("[eventscope] EVENTSCOPE_ADMIN_PASSWORD is short (under 12 characters): change it after signing in");
  try {
    await db.user.create({ data: { username, passwordHash: await hashPassword(password), role: "admin" } });
  } catch (error) {
    // Another instance created it at the same moment.
    if ((error as { code?: unknown }).code !== "P2002") throw error;
    return;
  }
  console.log(`[eventscope] created the first admin "${username}" from EVENTSCOPE_ADMIN_PASSWORD`);
  await recordAudit({ actor: "system", action: "user.create", target: `user:${username}`, params: { role: "admin", from: "EVENTSCOPE_ADMIN_PASSWORD" } });
}

/** True while the sign-in page should offer "create the first admin". */
export async function needsFirstAdmin(): Promise<boolean> {
  if (process.env.EVENTSCOPE_ADMIN_PASSWORD) return false;
  const db = await getDb();
  return (await db.user.count()) === 0;
}

/**
 * The one-time form. A lock row in Setting makes two racing submissions create one admin: the second
 * fails on the primary key inside the same transaction.
 */
export async function createFirstAdmin(username: string, password: string): Promise<UserView> {
  if (!(await needsFirstAdmin())) throw new DomainError("conflict", "the first admin already exists: sign in instead");
  const db = await getDb();
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.$transaction(async (tx) => {
      if ((await tx.user.count()) > 0) throw new DomainError("conflict", "the first admin already exists: sign in instead");
      await tx.setting.create({ data: { key: SETUP_LOCK_KEY, value: JSON.stringify(new Date().toISOString()) } });
      return tx.user.create({ data: { username, passwordHash, role: "admin" } });
    });
    return userView(user);
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002") throw new DomainError("conflict", "the first admin already exists: sign in instead");
    throw error;
  }
}
