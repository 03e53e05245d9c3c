// What the signed-in user may do, for hiding buttons. The server decides for real (lib/auth/guard.ts);
// this only keeps the UI from offering what would be refused.
import { hasRole, type Role } from "@/lib/auth/roles";
import type { MeResponse } from "./access-types";

export type Permission = { allowed: true } | { allowed: false; reason: string };

/** `role` is the route's access level; operator actions also stop while read-only (console or cluster). */
export function permissionFor(me: MeResponse | undefined, role: Role, clusterId?: string): Permission {
  if (!me) return { allowed: false, reason: "Not signed in" };
  if (!hasRole(me.user.role, role)) return { allowed: false, reason: `Needs the ${role} role` };
  if (role === "operator") {
    if (me.readOnly.readOnly) return { allowed: false, reason: "Eventscope is in read-only mode" };
    if (clusterId && me.readOnly.clusters[clusterId]) return { allowed: false, reason: `Cluster ${clusterId} is read-only` };
  }
  return { allowed: true };
}

/**
 * Where to go after signing in: a path on this site only ("/x", not "//evil.example" or
 * "/\\evil.example", which browsers treat as another host), and never back to /sign-in.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f]/.test(next)) return "/";
  if (next === "/sign-in" || next.startsWith("/sign-in?") || next.startsWith("/sign-in/")) return "/";
  return next;
}
