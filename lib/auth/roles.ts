import type { Actor as ContractActor } from "@/lib/contract/access";
import type { Access } from "@/lib/contract/operation";

// Roles in rising order of power; a route names the least role it needs.
// Plain module (no server-only): the browser uses the same rules to hide buttons it cannot use.
// The wire shapes (Role, the actor the browser sees) are the contract's (lib/contract/access.ts).
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];
export type RouteAccess = Access;

export function hasRole(actual: Role, needed: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(needed);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * Who is acting: a signed-in user, an API token's owner, or the bootstrap admin token; what the
 * browser may see of it plus the server's own references. via "cron-secret": Vercel Cron's
 * CRON_SECRET, accepted by the cron route only (lib/serverless/cron-secret.ts).
 */
export interface Actor extends ActorView {
  /** The session row id (sha256 of the cookie) when signed in through the browser. */
  sessionId?: string;
  /** The ApiToken row id when the request carried a personal API token. */
  tokenId?: string;
}

/** What the browser may know about the signed-in user (GET /api/v1/auth/me): the contract's Actor. */
export type ActorView = ContractActor;

export function actorView(actor: Actor): ActorView {
  return { id: actor.id, username: actor.username, role: actor.role, canSeeClearValues: actor.canSeeClearValues, via: actor.via };
}
