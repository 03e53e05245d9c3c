import { z } from "zod";
import { AUDIT_SORTS, MAX_AUDIT_QUERY_CHARS } from "@/lib/audit/audit-list-options";
import { named, wire, isoTime } from "./schema-kit";
import { operation, query } from "./operation";
import { ROLES } from "@/lib/auth/roles";
import { parseJsonPath } from "@/lib/masking/json-path";
import { MAX_PATTERN_LENGTH } from "@/lib/patterns/wildcard-match";
import { queryChoice, queryInteger, queryParameters, queryText, queryTime } from "./query-kit";

// Sign-in, users, API tokens, masking rules, read-only mode and the audit log.
// Zod only: client components may `import type` from here, never import values (zod must stay out
// of the browser bundle). How to add a route: docs/api-contract.md.

/** What a masking rule masks: a JSON path in the value, a header (by name), or the key (a JSON path into it, `$` for all of it). */
export const MASKING_RULE_KINDS = ["json-path", "header", "key"] as const;

export const Role = named("Role", z.enum(ROLES));
export type Role = z.infer<typeof Role>;

export const Actor = named("Actor", wire({
  id: z.string(),
  username: z.string(),
  role: Role,
  canSeeClearValues: z.boolean(),
  via: z.enum(["session","token","bootstrap-token","anonymous","cron-secret"]).describe("How the caller signed in: a session cookie, an API token, the bootstrap admin token, nobody (public routes), or the cron secret (the cron route only)."),
}));
/** What the browser may know about who is acting (lib/auth/roles.ts actorView). */
export type Actor = z.infer<typeof Actor>;

export const SignedIn = named("SignedIn", wire({
  user: Actor,
  expiresAt: isoTime.describe("The session ends then (12 h after sign-in)."),
}));
export type SignedIn = z.infer<typeof SignedIn>;

export const User = named("User", wire({
  id: z.string(),
  username: z.string(),
  role: Role,
  canSeeClearValues: z.boolean(),
  disabled: z.boolean(),
  sso: z.boolean().describe("Signs in through single sign-on (no password); the role is set from the identity provider at each sign-in."),
  createdAt: isoTime,
  updatedAt: isoTime,
}));
export type User = z.infer<typeof User>;

export const ApiToken = named("ApiToken", wire({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe("First 9 characters of the token, to tell tokens apart."),
  userId: z.string(),
  username: z.string(),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
}));
export type ApiToken = z.infer<typeof ApiToken>;

export const MaskingRule = named("MaskingRule", wire({
  id: z.string(),
  topic: z.string().nullable().describe("Null: every topic."),
  kind: z.enum(MASKING_RULE_KINDS),
  pattern: z.string(),
  createdAt: isoTime,
}));
export type MaskingRule = z.infer<typeof MaskingRule>;

export const ReadOnlyState = named("ReadOnlyState", wire({
  readOnly: z.boolean().describe("Console-wide switch."),
  clusters: z.record(z.string(), z.boolean()).describe("Clusters switched on their own."),
}));
export type ReadOnlyState = z.infer<typeof ReadOnlyState>;

export const AuditEvent = named("AuditEvent", wire({
  id: z.string(),
  at: isoTime,
  actor: z.string(),
  action: z.string().describe("Such as \"dlq.requeue\", \"auth.sign-in\"."),
  target: z.string(),
  params: z.unknown(),
  result: z.unknown(),
}));
export type AuditEvent = z.infer<typeof AuditEvent>;

// The request bodies: the schemas the write routes parse with (lib/auth/verbs, lib/masking/verbs),
// with the messages a 400 names the field by.
export const MIN_PASSWORD_LENGTH = 10;

/** Case-insensitive: stored in lower case. */
export const usernameText = z
  .string()
  .trim()
  .min(1, "username is required")
  .max(64, "username must be at most 64 characters")
  .regex(/^[A-Za-z0-9._@-]+$/, "use letters, digits, '.', '_', '@' or '-'")
  .transform((name) => name.toLowerCase());

export const newPasswordText = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256, "password must be at most 256 characters");

export const signInBody = z.object({
  username: usernameText.describe("Case-insensitive."),
  password: z.string().min(1, "password is required").max(1024),
});

export const setupBody = z.object({ username: usernameText, password: newPasswordText });

export const createUserBody = z.object({
  username: usernameText,
  password: newPasswordText,
  role: Role,
  canSeeClearValues: z.boolean().describe("Exempt from masking (independent of the role).").optional(),
});

export const updateUserBody = z
  .object({
    role: Role.optional(),
    disabled: z.boolean().optional(),
    canSeeClearValues: z.boolean().optional(),
    password: newPasswordText.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: "give at least one of role, disabled, canSeeClearValues, password", path: ["body"] })
  .describe("At least one field.");

export const createTokenBody = z.object({ name: z.string().trim().min(1, "name is required").max(100) });

export const createMaskingRuleBody = z
  .object({
    topic: z.string().trim().min(1).max(255).nullable().describe("A topic or stream; null or absent: every topic.").optional(),
    kind: z.enum(MASKING_RULE_KINDS),
    pattern: z.string().trim().min(1, "pattern is required").max(MAX_PATTERN_LENGTH, `pattern must be at most ${MAX_PATTERN_LENGTH} characters`),
  })
  .superRefine((rule, ctx) => {
    if (rule.kind === "json-path" || rule.kind === "key") {
      const parsed = parseJsonPath(rule.pattern);
      if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["pattern"], message: parsed.error });
    } else if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(rule.pattern)) {
      ctx.addIssue({ code: "custom", path: ["pattern"], message: "a header name, with * as a wildcard" });
    }
  });

const switchedClusterId = z.string().min(1).max(64).regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, "a cluster id").describe("Letters, digits, '.', '_' or '-'.");
export const readOnlyChange = z
  .object({ readOnly: z.boolean().optional(), clusters: z.record(switchedClusterId, z.boolean()).optional() })
  .refine((body) => body.readOnly !== undefined || body.clusters !== undefined, { message: "give readOnly and/or clusters", path: ["body"] })
  .describe("readOnly and/or clusters.");

/** POST /api/v1/auth/sign-in */
export const signIn = operation({
  method: "post",
  path: "/api/v1/auth/sign-in",
  id: "signIn",
  summary: "Sign in with a username and password",
  description: "Sets the session cookie. Failures back off (429 with Retry-After, never a lock): per client address after 10, per username and address after 5, and from the first failure while more than 30 failures a minute arrive from everyone. One password check runs at a time with 8 waiting; one more is answered 429 with Retry-After: 1. The client address is the TCP peer; X-Forwarded-For counts only from EVENTSCOPE_TRUSTED_PROXIES.",
  tag: "Auth",
  access: "public",
  body: signInBody,
  responses: {
    "200": { description: "Signed in.", schema: SignedIn, headers: {"Set-Cookie":{"description":"`eventscope_session=<value>; HttpOnly; SameSite=Lax; Path=/` (`Secure` under HTTPS).","schema":{"type":"string"}}} },
  },
  errors: ["Unauthorized","Forbidden","TooManyRequests"],
});

/** POST /api/v1/auth/sign-out */
export const signOut = operation({
  method: "post",
  path: "/api/v1/auth/sign-out",
  id: "signOut",
  summary: "End the session",
  description: "Public, so that an expired session can still clear its cookie.",
  tag: "Auth",
  access: "public",
  responses: {
    "204": { description: "Signed out; the cookie is cleared.", headers: {"Set-Cookie":{"description":"`eventscope_session=<value>; HttpOnly; SameSite=Lax; Path=/` (`Secure` under HTTPS).","schema":{"type":"string"}}} },
  },
  errors: ["Forbidden"],
});

/** GET /api/v1/auth/oidc/start */
export const startSingleSignOn = operation({
  method: "get",
  path: "/api/v1/auth/oidc/start",
  id: "startSingleSignOn",
  summary: "Start single sign-on (OpenID Connect)",
  description: "A browser navigation, not an API call: redirects (303) to the identity provider set by EVENTSCOPE_OIDC_ISSUER with PKCE, state and nonce, kept in a 10-minute httpOnly `eventscope_oidc` cookie. Without single sign-on configured, or with the provider unreachable, it redirects to `/sign-in?sso-error=<code>`.",
  tag: "Auth",
  access: "public",
  parameters: [
    query("next", z.string(), "The console page to open after sign-in (a path on this console)."),
  ],
  responses: {
    "303": { description: "To the identity provider, or back to the sign-in page with `sso-error`." },
  },
  errors: [],
});

/** GET /api/v1/auth/oidc/callback */
export const finishSingleSignOn = operation({
  method: "get",
  path: "/api/v1/auth/oidc/callback",
  id: "finishSingleSignOn",
  summary: "Where the identity provider sends the browser back",
  description: "Checks state, PKCE and the ID token, maps EVENTSCOPE_OIDC_ROLE_CLAIM to a role with EVENTSCOPE_OIDC_ROLE_MAP, creates or updates the SSO user, sets the session cookie and redirects (303) to the page asked for. Any failure redirects to `/sign-in?sso-error=<code>` (expired, cancelled, invalid, no-role, disabled, provider-unavailable, not-configured) and is audited as auth.sign-in-failed.",
  tag: "Auth",
  access: "public",
  parameters: [
    query("code", z.string(), "The authorization code."),
    query("state", z.string(), "Must match the flow cookie."),
    query("error", z.string(), "Set by the provider instead of code when it did not sign the user in."),
  ],
  responses: {
    "303": { description: "Signed in (to the page asked for), or to the sign-in page with `sso-error`.", headers: {"Set-Cookie":{"description":"`eventscope_session=<value>; HttpOnly; SameSite=Lax; Path=/` (`Secure` under HTTPS).","schema":{"type":"string"}}} },
  },
  errors: [],
});

/** GET /api/v1/auth/me */
export const getMe = operation({
  method: "get",
  path: "/api/v1/auth/me",
  id: "getMe",
  summary: "Who is signed in, and whether actions are switched off",
  tag: "Auth",
  access: "viewer",
  responses: {
    "200": { description: "The caller.", schema: wire({
      user: Actor,
      readOnly: ReadOnlyState,
    }) },
  },
  errors: [],
});

/** GET /api/v1/auth/setup */
export const getSetup = operation({
  method: "get",
  path: "/api/v1/auth/setup",
  id: "getSetup",
  summary: "Whether the one-time first-admin form is available",
  tag: "Auth",
  access: "public",
  responses: {
    "200": { description: "True while there are no users and EVENTSCOPE_ADMIN_PASSWORD is not set.", schema: wire({
      needsFirstAdmin: z.boolean(),
    }) },
  },
  errors: [],
});

/** POST /api/v1/auth/setup */
export const createFirstAdmin = operation({
  method: "post",
  path: "/api/v1/auth/setup",
  id: "createFirstAdmin",
  summary: "Create the first admin and sign in",
  description: "Only while there are no users and EVENTSCOPE_ADMIN_PASSWORD is not set; afterwards 409.",
  tag: "Auth",
  access: "public",
  body: setupBody,
  responses: {
    "201": { description: "Created and signed in.", schema: SignedIn, headers: {"Set-Cookie":{"description":"`eventscope_session=<value>; HttpOnly; SameSite=Lax; Path=/` (`Secure` under HTTPS).","schema":{"type":"string"}}} },
  },
  errors: ["Forbidden","Conflict"],
});

/** GET /api/v1/users */
export const listUsers = operation({
  method: "get",
  path: "/api/v1/users",
  id: "listUsers",
  summary: "List users",
  tag: "Users",
  access: "admin",
  responses: {
    "200": { description: "Every user, by username.", schema: wire({
      users: z.array(User),
    }) },
  },
  errors: [],
});

/** POST /api/v1/users */
export const createUser = operation({
  method: "post",
  path: "/api/v1/users",
  id: "createUser",
  summary: "Create a user",
  tag: "Users",
  access: "admin",
  body: createUserBody,
  responses: {
    "201": { description: "Created.", schema: wire({
      user: User,
    }) },
  },
  errors: ["Conflict"],
});

/** PATCH /api/v1/users/{user} */
export const updateUser = operation({
  method: "patch",
  path: "/api/v1/users/{user}",
  id: "updateUser",
  summary: "Change a user's role, status, masking exemption or password",
  description: "The last enabled admin cannot be demoted or disabled (409); disabling a user or changing a password ends their sessions.",
  tag: "Users",
  access: "admin",
  body: updateUserBody,
  responses: {
    "200": { description: "Changed.", schema: wire({
      user: User,
    }) },
  },
  errors: ["NotFound","Conflict"],
});

/** DELETE /api/v1/users/{user} */
export const deleteUser = operation({
  method: "delete",
  path: "/api/v1/users/{user}",
  id: "deleteUser",
  summary: "Delete a user (their sessions and tokens go too)",
  tag: "Users",
  access: "admin",
  responses: {
    "204": { description: "Done; no body." },
  },
  errors: ["NotFound","Conflict"],
});

/** GET /api/v1/tokens */
export const listTokens = operation({
  method: "get",
  path: "/api/v1/tokens",
  id: "listTokens",
  summary: "Your API tokens (admins: everyone's with all=true)",
  description: "Never the token values.",
  tag: "Tokens",
  access: "viewer",
  parameters: [
    query("all", z.enum(["true","false"]), "`true`: every user's tokens (admin)."),
  ],
  responses: {
    "200": { description: "The tokens.", schema: wire({
      tokens: z.array(ApiToken),
    }) },
  },
  errors: ["Conflict"],
});

/** POST /api/v1/tokens */
export const createToken = operation({
  method: "post",
  path: "/api/v1/tokens",
  id: "createToken",
  summary: "Create an API token for yourself",
  description: "The response is the only time the token is shown. The bootstrap admin token owns no tokens (409).",
  tag: "Tokens",
  access: "viewer",
  body: createTokenBody,
  responses: {
    "201": { description: "Created.", schema: wire({
      token: z.string().describe("`es_…`: send as Authorization: Bearer."),
      apiToken: ApiToken,
    }) },
  },
  errors: ["Conflict"],
});

/** DELETE /api/v1/tokens/{token} */
export const revokeToken = operation({
  method: "delete",
  path: "/api/v1/tokens/{token}",
  id: "revokeToken",
  summary: "Revoke one of your tokens (admins: anyone's)",
  tag: "Tokens",
  access: "viewer",
  responses: {
    "204": { description: "Revoked (the row stays, marked revoked)." },
  },
  errors: ["NotFound"],
});

/** GET /api/v1/masking-rules */
export const listMaskingRules = operation({
  method: "get",
  path: "/api/v1/masking-rules",
  id: "listMaskingRules",
  summary: "Masking rules",
  tag: "Masking",
  access: "admin",
  responses: {
    "200": { description: "Every rule.", schema: wire({
      rules: z.array(MaskingRule),
    }) },
  },
  errors: [],
});

/** POST /api/v1/masking-rules */
export const createMaskingRule = operation({
  method: "post",
  path: "/api/v1/masking-rules",
  id: "createMaskingRule",
  summary: "Add a masking rule",
  description: "`json-path`: `$.user.phone`, `$.items[*].phone`, `$..phone`, `$`. `header`: a header name, `*` as a wildcard. `key`: the message key, `$` for all of it or a JSON path into a JSON key (`$.customerId`); a key that is not JSON is masked whole. Applies at once.",
  tag: "Masking",
  access: "admin",
  body: createMaskingRuleBody,
  responses: {
    "201": { description: "Created.", schema: wire({
      rule: MaskingRule,
    }) },
  },
  errors: [],
});

/** DELETE /api/v1/masking-rules/{rule} */
export const deleteMaskingRule = operation({
  method: "delete",
  path: "/api/v1/masking-rules/{rule}",
  id: "deleteMaskingRule",
  summary: "Delete a masking rule",
  tag: "Masking",
  access: "admin",
  responses: {
    "204": { description: "Done; no body." },
  },
  errors: ["NotFound"],
});

/** GET /api/v1/settings/read-only */
export const getReadOnly = operation({
  method: "get",
  path: "/api/v1/settings/read-only",
  id: "getReadOnly",
  summary: "Read-only mode",
  tag: "Settings",
  access: "viewer",
  responses: {
    "200": { description: "The switches.", schema: ReadOnlyState },
  },
  errors: [],
});

/** PUT /api/v1/settings/read-only */
export const setReadOnly = operation({
  method: "put",
  path: "/api/v1/settings/read-only",
  id: "setReadOnly",
  summary: "Switch read-only mode, console-wide or per cluster",
  description: "While on, operator actions answer 403 with `reason: \"read-only\"`; admin work goes on.",
  tag: "Settings",
  access: "admin",
  body: readOnlyChange,
  responses: {
    "200": { description: "The switches after the change.", schema: ReadOnlyState },
  },
  errors: [],
});

/** The query of GET /api/v1/audit, as the route parses it (lib/audit/audit-list-query.ts pages and orders it). */
export const listAuditQuery = z.object({
  actor: queryText("actor", 200).optional(),
  /** Exact action, or a prefix ending in "." or "*" ("auth." or "auth.*"). */
  action: queryText("action", 100).optional(),
  since: queryTime("since").optional(),
  cursor: queryText("cursor", 600).optional(),
  limit: queryInteger("limit", 1, 200, 50),
  sort: queryChoice("sort", AUDIT_SORTS).default("at"),
  dir: queryChoice("dir", ["asc", "desc"], "dir must be asc or desc").optional(),
  /** Plain text (never a pattern) in the event's target or user. */
  q: queryText("q", MAX_AUDIT_QUERY_CHARS).optional(),
});
export type ListAuditQuery = z.output<typeof listAuditQuery>;

/** GET /api/v1/audit */
export const listAudit = operation({
  method: "get",
  path: "/api/v1/audit",
  id: "listAudit",
  summary: "Audit log, newest first unless sorted otherwise",
  description: "Every action that changes anything, sign-ins, failures and denials. Operators and admins.",
  tag: "Audit",
  access: "operator",
  parameters: queryParameters(listAuditQuery, {
    actor: "Exact username.",
    action: "Exact action, or a prefix ending in \".\" or \"*\" (`auth.`).",
    since: "At or after this time.",
    cursor: "`next` of the previous page.",
    limit: "Page size.",
    sort: "Order of the whole log: time, user or action (ties by time).",
    dir: "Direction: desc (newest first) for time, asc (A to Z) for user and action.",
    q: "Plain text (case-insensitive, never a pattern) in the event's target or user.",
  }),
  responses: {
    "200": { description: "A page of events.", schema: wire({
      events: z.array(AuditEvent),
      next: z.string().optional(),
    }) },
  },
  errors: ["BadRequest"],
});

export const accessOperations = [signIn, signOut, startSingleSignOn, finishSingleSignOn, getMe, getSetup, createFirstAdmin, listUsers, createUser, updateUser, deleteUser, listTokens, createToken, revokeToken, listMaskingRules, createMaskingRule, deleteMaskingRule, getReadOnly, setReadOnly, listAudit];
