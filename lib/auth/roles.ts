// Roles in rising order of power; a route names the least role it needs.
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];
export type RouteAccess = Role | "public";

export function hasRole(actual: Role, needed: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(needed);
}

/** Who is acting: a signed-in user, an API token's owner, or the bootstrap admin token. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  canSeeClearValues: boolean;
  via: "session" | "token" | "bootstrap-token" | "anonymous";
}
