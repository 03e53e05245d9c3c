import { z } from "zod";
import { ROLES, hasRole, type Role } from "./roles";

// Single sign-on settings from EVENTSCOPE_OIDC_* and the pure rules around them: parsing the role
// map, choosing a role from the identity provider's claims, and a username from them. No I/O here,
// so every rule is unit-tested (tests/unit/oidc-config.test.ts); lib/auth/oidc.ts does the HTTP.

export const OIDC_CALLBACK_PATH = "/api/v1/auth/oidc/callback";
export const OIDC_START_PATH = "/api/v1/auth/oidc/start";
export const DEFAULT_SCOPES = "openid email profile";
export const DEFAULT_ROLE_CLAIM = "groups";

/** One line of EVENTSCOPE_OIDC_ROLE_MAP: a claim value (or "*", anyone) and the role it gives. */
export interface RoleRule {
  value: string;
  role: Role;
}

export interface OidcConfig {
  issuer: URL;
  clientId: string;
  /** Absent for a public client (PKCE only, token endpoint auth "none"). */
  clientSecret?: string;
  redirectUrl: URL;
  scopes: string;
  /** A claim name, or a dotted path into nested claims ("realm_access.roles" for Keycloak). */
  roleClaim: string;
  roleMap: RoleRule[];
}

/** Which role a user gets, or why they get none. */
export type RoleDecision = { ok: true; role: Role; matched: string[] } | { ok: false; values: string[] };

const VARIABLES = {
  issuer: "EVENTSCOPE_OIDC_ISSUER",
  clientId: "EVENTSCOPE_OIDC_CLIENT_ID",
  clientSecret: "EVENTSCOPE_OIDC_CLIENT_SECRET",
  redirectUrl: "EVENTSCOPE_OIDC_REDIRECT_URL",
  publicUrl: "EVENTSCOPE_PUBLIC_URL",
  scopes: "EVENTSCOPE_OIDC_SCOPES",
  roleClaim: "EVENTSCOPE_OIDC_ROLE_CLAIM",
  roleMap: "EVENTSCOPE_OIDC_ROLE_MAP",
} as const;

/** Thrown for a bad EVENTSCOPE_OIDC_* value; the message starts with the variable's name. */
export class OidcConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = "OidcConfigError";
  }
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Plain HTTP is accepted only on this machine (a test or development provider); never across a network. */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

function httpUrl(variable: string, { allowPath = true } = {}) {
  return z
    .string()
    .trim()
    .transform((text, ctx) => {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        ctx.addIssue({ code: "custom", message: `"${text}" is not a URL` });
        return z.NEVER;
      }
      if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackUrl(url))) {
        ctx.addIssue({ code: "custom", message: "use an https:// URL (plain http:// only for localhost)" });
        return z.NEVER;
      }
      if (url.search || url.hash || (!allowPath && url.pathname !== "/")) {
        ctx.addIssue({ code: "custom", message: allowPath ? "no query string or fragment" : "give the console's origin only" });
        return z.NEVER;
      }
      return url;
    })
    .describe(variable);
}

const roleNames = ROLES.join(", ");

/**
 * "eventscope-admins=admin, eventscope-ops=operator, *=viewer" -> rules. Values are compared
 * exactly (case matters, as identity providers treat group names); "*" matches anyone signed in.
 */
export function parseRoleMap(text: string): RoleRule[] {
  const rules: RoleRule[] = [];
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const index = entry.lastIndexOf("=");
    if (index <= 0) throw new OidcConfigError(VARIABLES.roleMap, `"${entry}" is not value=role (for example eventscope-admins=admin)`);
    const value = entry.slice(0, index).trim();
    const role = entry.slice(index + 1).trim().toLowerCase();
    if (!value) throw new OidcConfigError(VARIABLES.roleMap, `"${entry}" has no claim value before "="`);
    if (!(ROLES as readonly string[]).includes(role)) throw new OidcConfigError(VARIABLES.roleMap, `"${role}" in "${entry}" is not a role (use ${roleNames})`);
    if (rules.some((rule) => rule.value === value)) throw new OidcConfigError(VARIABLES.roleMap, `"${value}" is mapped twice`);
    rules.push({ value, role: role as Role });
  }
  if (rules.length === 0) throw new OidcConfigError(VARIABLES.roleMap, `is empty: give value=role pairs separated by commas (roles: ${roleNames})`);
  return rules;
}

/** The claim's values as strings: an array, or one string (space- or comma-separated lists too). */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let current: unknown = claims;
  // The whole name first: some providers use claim names with dots or URLs ("https://x/groups").
  if (path in claims) current = claims[path];
  else {
    for (const part of path.split(".")) {
      if (current === null || typeof current !== "object" || Array.isArray(current)) return [];
      current = (current as Record<string, unknown>)[part];
    }
  }
  const list = Array.isArray(current) ? current : typeof current === "string" ? current.split(/[\s,]+/) : [];
  return [...new Set(list.filter((item): item is string => typeof item === "string" && item.length > 0))];
}

/**
 * The highest role any of the user's claim values maps to; "*" gives its role to everyone, so it acts
 * as the default (a matched group still wins when higher). No match and no "*": no access.
 */
export function decideRole(values: string[], rules: RoleRule[]): RoleDecision {
  let best: Role | undefined;
  const matched: string[] = [];
  for (const rule of rules) {
    if (rule.value !== "*" && !values.includes(rule.value)) continue;
    matched.push(rule.value);
    if (!best || hasRole(rule.role, best)) best = rule.role;
  }
  return best ? { ok: true, role: best, matched } : { ok: false, values };
}

const USERNAME_MAX = 64;

/**
 * A readable username for an SSO user: preferred_username, else email, else "sso-<sub>". Characters
 * the console does not allow in usernames become "-". The account is linked by issuer and subject,
 * so the name is only a label; a clash with another user is resolved by the caller.
 */
export function usernameFromClaims(claims: Record<string, unknown>): string {
  const pick = [claims.preferred_username, claims.email].find((value): value is string => typeof value === "string" && value.trim().length > 0);
  const base = pick ?? `sso-${String(claims.sub ?? "user")}`;
  const cleaned = base
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._@-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return (cleaned || "sso-user").slice(0, USERNAME_MAX);
}

type Env = Record<string, string | undefined>;

const configSchema = z.object({
  issuer: httpUrl(VARIABLES.issuer),
  clientId: z.string().trim().min(1, "is required when EVENTSCOPE_OIDC_ISSUER is set").max(500),
  clientSecret: z.string().max(2000).optional(),
  redirectUrl: httpUrl(VARIABLES.redirectUrl).optional(),
  publicUrl: httpUrl(VARIABLES.publicUrl).optional(),
  scopes: z
    .string()
    .trim()
    .min(1, "is empty")
    .refine((scopes) => scopes.split(/\s+/).includes("openid"), 'must include "openid"'),
  roleClaim: z.string().trim().min(1, "is empty").max(200),
  roleMap: z.string().trim().min(1, `is required: map claim values to roles, e.g. "eventscope-admins=admin,eventscope-ops=operator,*=viewer"`),
});

/**
 * Reads EVENTSCOPE_OIDC_*. Returns null when single sign-on is off (no variable set); throws an
 * OidcConfigError naming the variable when a value is bad or one that is needed is missing.
 */
export function readOidcConfig(env: Env = process.env): OidcConfig | null {
  const present = (name: string) => env[name] !== undefined && env[name]!.trim() !== "";
  const oidcNames = Object.values(VARIABLES).filter((name) => name.startsWith("EVENTSCOPE_OIDC_"));
  if (!present(VARIABLES.issuer)) {
    const stray = oidcNames.find(present);
    if (stray) throw new OidcConfigError(VARIABLES.issuer, `is required for single sign-on (${stray} is set)`);
    return null;
  }
  const parsed = configSchema.safeParse({
    issuer: env[VARIABLES.issuer],
    clientId: env[VARIABLES.clientId] ?? "",
    clientSecret: present(VARIABLES.clientSecret) ? env[VARIABLES.clientSecret] : undefined,
    redirectUrl: present(VARIABLES.redirectUrl) ? env[VARIABLES.redirectUrl] : undefined,
    publicUrl: present(VARIABLES.publicUrl) ? env[VARIABLES.publicUrl] : undefined,
    scopes: present(VARIABLES.scopes) ? env[VARIABLES.scopes] : DEFAULT_SCOPES,
    roleClaim: present(VARIABLES.roleClaim) ? env[VARIABLES.roleClaim] : DEFAULT_ROLE_CLAIM,
    roleMap: env[VARIABLES.roleMap] ?? "",
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]) as keyof typeof VARIABLES;
    throw new OidcConfigError(VARIABLES[key] ?? "EVENTSCOPE_OIDC", issue.message);
  }
  const { issuer, clientId, clientSecret, redirectUrl, publicUrl, scopes, roleClaim, roleMap } = parsed.data;
  let redirect = redirectUrl;
  if (!redirect) {
    if (!publicUrl) throw new OidcConfigError(VARIABLES.redirectUrl, `set it (to <console URL>${OIDC_CALLBACK_PATH}) or set EVENTSCOPE_PUBLIC_URL`);
    redirect = new URL(`${publicUrl.pathname.replace(/\/+$/, "")}${OIDC_CALLBACK_PATH}`, publicUrl);
  }
  return {
    issuer,
    clientId,
    ...(clientSecret ? { clientSecret } : {}),
    redirectUrl: redirect,
    scopes: scopes.split(/\s+/).join(" "),
    roleClaim,
    roleMap: parseRoleMap(roleMap),
  };
}

/** The link of the "Sign in with SSO" button; `next` must already be a safe path (safeNextPath). */
export function ssoStartPath(next: string): string {
  return next === "/" ? OIDC_START_PATH : `${OIDC_START_PATH}?${new URLSearchParams({ next })}`;
}

/** Whether the sign-in page should offer SSO: configured and valid. */
export function isOidcConfigured(env: Env = process.env): boolean {
  try {
    return readOidcConfig(env) !== null;
  } catch {
    return false;
  }
}
