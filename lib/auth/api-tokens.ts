import "server-only";
import { DomainError, notFound } from "@/lib/errors";
import { getDb } from "@/lib/db";
import type { Actor } from "./roles";
import { actorFromUser } from "./sessions";
import { TOKEN_DISPLAY_LENGTH, generateApiToken, looksLikeApiToken, sha256Hex } from "./secret-tokens";

// Personal API tokens: "es_" + 32 random bytes, shown once at creation, kept as sha256. A token acts
// with its owner's current role (demoting the owner demotes the token) and stops working when
// revoked or when the owner is disabled or deleted.
const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_TOKENS_PER_USER = 50;

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  username: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  user: { username: string };
};

function toView(row: TokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    userId: row.userId,
    username: row.user.username,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a token for `userId`; the clear token is in the result and nowhere else, ever. */
export async function createApiToken(userId: string, name: string): Promise<{ token: string; apiToken: ApiTokenView }> {
  const db = await getDb();
  const active = await db.apiToken.count({ where: { userId, revokedAt: null } });
  if (active >= MAX_TOKENS_PER_USER) throw new DomainError("conflict", `at most ${MAX_TOKENS_PER_USER} active tokens per user; revoke one first`);
  const token = generateApiToken();
  const row = await db.apiToken.create({
    data: { userId, name, tokenHash: sha256Hex(token), prefix: token.slice(0, TOKEN_DISPLAY_LENGTH) },
    include: { user: { select: { username: true } } },
  });
  return { token, apiToken: toView(row) };
}

/** A user's own tokens, or everyone's for an admin who asks for all. */
export async function listApiTokens(filter: { userId?: string }): Promise<ApiTokenView[]> {
  const db = await getDb();
  const rows = await db.apiToken.findMany({
    where: filter.userId ? { userId: filter.userId } : {},
    include: { user: { select: { username: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(toView);
}

/** Revokes a token the actor owns (or any token, for an admin). 404 rather than 403 for others' tokens. */
export async function revokeApiToken(actor: Actor, tokenId: string): Promise<ApiTokenView> {
  const db = await getDb();
  const row = await db.apiToken.findUnique({ where: { id: tokenId }, include: { user: { select: { username: true } } } });
  if (!row || (row.userId !== actor.id && actor.role !== "admin")) throw notFound(`token "${tokenId}"`);
  if (row.revokedAt) return toView(row);
  const updated = await db.apiToken.update({
    where: { id: tokenId },
    data: { revokedAt: new Date() },
    include: { user: { select: { username: true } } },
  });
  return toView(updated);
}

/** The actor of a bearer API token, or null (unknown, revoked, or its owner disabled). */
export async function findTokenActor(token: string): Promise<Actor | null> {
  if (!looksLikeApiToken(token)) return null;
  const db = await getDb();
  const row = await db.apiToken.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { user: true } });
  if (!row || row.revokedAt) return null;
  const actor = actorFromUser(row.user, "token", { tokenId: row.id });
  if (!actor) return null;
  // Coarse on purpose: one write a minute per token, not one per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return actor;
}
