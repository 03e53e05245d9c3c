import "server-only";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { findTokenActor } from "./api-tokens";
import { BOOTSTRAP_ACTOR, isBootstrapToken } from "./bootstrap-token";
import { SESSION_COOKIE, readCookie } from "./cookies";
import { assertWritable } from "./read-only";
import { hasRole, type Actor, type RouteAccess } from "./roles";
import { findSessionActor } from "./sessions";

// The one guard every API route goes through (lib/api/handler.ts apiRoute): who is calling, from
// `Authorization: Bearer <token>` (the bootstrap admin token or a personal API token) or else the
// session cookie; then whether their role is enough. Operator actions (not reads) are also refused
// while the console is read-only; actions on one cluster call assertWritable(clusterId) themselves.

const ANONYMOUS: Actor = { id: "anonymous", username: "anonymous", role: "viewer", canSeeClearValues: false, via: "anonymous" };

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

const unauthorized = (message: string) => new DomainError("unauthorized", message);

function bearerOf(request: Request): string | null | undefined {
  const header = request.headers.get("authorization");
  if (header === null) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

/** Who the request acts as, or null when it carries no valid credentials. */
export async function identify(request: Request): Promise<Actor | null> {
  const bearer = bearerOf(request);
  // A request that sends a bearer token is judged by it alone: a bad token is not rescued by a cookie.
  if (bearer === null) return null;
  if (bearer !== undefined) {
    if (isBootstrapToken(bearer)) return BOOTSTRAP_ACTOR;
    return findTokenActor(bearer);
  }
  return findSessionActor(readCookie(request, SESSION_COOKIE));
}

export async function authorize(request: Request, access: RouteAccess): Promise<Actor> {
  if (access === "public") return (await identify(request).catch(() => null)) ?? ANONYMOUS;
  const actor = await identify(request);
  if (!actor) {
    throw unauthorized(
      request.headers.has("authorization")
        ? "The bearer token is not valid (unknown, revoked, or its user is disabled)."
        : "Sign in, or send an API token as Authorization: Bearer <token>.",
    );
  }
  if (!hasRole(actor.role, access)) {
    const { pathname } = new URL(request.url);
    await recordAudit({ actor, action: "auth.denied", target: `${request.method} ${pathname}`, params: { needed: access, role: actor.role }, result: { status: 403 } });
    throw new DomainError("forbidden", `This needs the ${access} role; you are ${actor.role === "admin" ? "an" : "a"} ${actor.role}.`, { needed: access });
  }
  // Reads stay open in read-only mode (the audit trail, for one, needs the operator role).
  if (access === "operator" && !READS.has(request.method)) await assertWritable();
  return actor;
}
