import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { safeNextPath } from "@/lib/client/permissions";
import { getDb } from "@/lib/db";
import { sessionCookie } from "./cookies";
import { clientAddress } from "./request-address";
import { authorizationUrl, exchangeCode, getOidcClient } from "./oidc";
import { claimValues, decideRole, usernameFromClaims } from "./oidc-config";
import type { SsoErrorCode } from "./oidc-errors";
import { clearedFlowCookie, flowCookie, readFlowCookie } from "./oidc-flow-cookie";
import type { Role } from "./roles";
import { sha256Hex } from "./secret-tokens";
import { actorFromUser, createSession } from "./sessions";

// Single sign-on, both legs. Start: a redirect to the identity provider with PKCE, state and nonce
// kept in the flow cookie. Callback: verify, map the role claim to a role, create or update the SSO
// user (no password; linked by issuer and subject), then the same session cookie as a password
// sign-in. Every outcome is audited; failures land on the sign-in page with a message code.
// Redirects are relative (Location: /path), so they stay on whatever origin the browser used.

function redirect(location: string, cookies: string[] = []): Response {
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  for (const cookie of cookies) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
}

function toSignInPage(code: SsoErrorCode, next: string | undefined, request: Request): Response {
  const query = new URLSearchParams({ "sso-error": code });
  const target = safeNextPath(next);
  if (target !== "/") query.set("next", target);
  return redirect(`/sign-in?${query}`, [clearedFlowCookie(request)]);
}

/** GET /api/v1/auth/oidc/start?next=/path */
export async function startSso(request: Request): Promise<Response> {
  const next = safeNextPath(new URL(request.url).searchParams.get("next"));
  let oidc;
  try {
    oidc = await getOidcClient();
  } catch (error) {
    console.error("[eventscope] single sign-on: the identity provider could not be reached:", describe(error));
    return toSignInPage("provider-unavailable", next, request);
  }
  if (!oidc) return toSignInPage("not-configured", next, request);
  const { url, secrets } = await authorizationUrl(oidc);
  return redirect(url.href, [flowCookie({ ...secrets, next, startedAt: Date.now() }, request)]);
}

interface Failure {
  code: SsoErrorCode;
  reason: string;
  actor?: string;
  detail?: Record<string, unknown>;
}

/** GET /api/v1/auth/oidc/callback?code=...&state=... (or ?error=... from the provider) */
export async function finishSso(request: Request): Promise<Response> {
  const flow = readFlowCookie(request);
  const outcome = await verifyAndSignIn(request, flow);
  if ("code" in outcome) {
    await recordAudit({
      actor: outcome.actor ?? "sso",
      action: "auth.sign-in-failed",
      target: outcome.actor ? `user:${outcome.actor}` : "sso",
      params: { ip: clientAddress(request), method: "sso" },
      result: { reason: outcome.reason, ...(outcome.detail ?? {}) },
    });
    return toSignInPage(outcome.code, flow?.next, request);
  }
  return redirect(safeNextPath(flow?.next), [clearedFlowCookie(request), sessionCookie(outcome.cookieValue, request)]);
}

async function verifyAndSignIn(request: Request, flow: ReturnType<typeof readFlowCookie>): Promise<Failure | { cookieValue: string }> {
  const query = new URL(request.url).searchParams;
  let oidc;
  try {
    oidc = await getOidcClient();
  } catch (error) {
    console.error("[eventscope] single sign-on: the identity provider could not be reached:", describe(error));
    return { code: "provider-unavailable", reason: "provider-unavailable" };
  }
  if (!oidc) return { code: "not-configured", reason: "not-configured" };
  // The provider's own refusal (access_denied, login_required...): its code, never its free text.
  const providerError = query.get("error");
  if (providerError) return { code: "cancelled", reason: "provider-error", detail: { error: providerError.slice(0, 100) } };
  if (!flow) return { code: "expired", reason: "no-flow-cookie" };

  let claims: Record<string, unknown>;
  try {
    claims = await exchangeCode(oidc, new URL(request.url), flow);
  } catch (error) {
    console.error("[eventscope] single sign-on: the provider's answer did not verify:", describe(error));
    return { code: "invalid", reason: "verification-failed", detail: { error: describe(error).slice(0, 200) } };
  }

  const username = usernameFromClaims(claims);
  const values = claimValues(claims, oidc.config.roleClaim);
  const decision = decideRole(values, oidc.config.roleMap);
  if (!decision.ok) {
    return { code: "no-role", reason: "no-mapped-role", actor: username, detail: { claim: oidc.config.roleClaim, found: values.slice(0, 50) } };
  }

  const subject = `${String(claims.iss)} ${String(claims.sub)}`;
  const user = await upsertSsoUser(subject, username, decision.role);
  const actor = actorFromUser(user, "session");
  if (!actor) return { code: "disabled", reason: "disabled", actor: user.username };

  const { cookieValue } = await createSession(actor.id);
  await recordAudit({
    actor,
    action: "auth.sign-in",
    target: `user:${actor.username}`,
    params: { ip: clientAddress(request), method: "sso", role: decision.role, matched: decision.matched },
  });
  return { cookieValue };
}

type UserRow = { id: string; username: string; role: string; canSeeClearValues: boolean; disabled: boolean };

/**
 * The identity provider decides the role at every sign-in (its groups are the source of truth);
 * admins still decide "disabled" and "can see clear values", which sign-in leaves alone. A new user
 * takes the provider's name, or that name plus a short tag of the subject when another user (local
 * or another SSO subject) already has it: a provider account never takes over a local one.
 */
async function upsertSsoUser(subject: string, username: string, role: Role): Promise<UserRow> {
  const db = await getDb();
  const existing = await db.user.findUnique({ where: { ssoSubject: subject } });
  if (existing) {
    if (existing.role === role || existing.disabled) return existing;
    const updated = await db.user.update({ where: { id: existing.id }, data: { role } });
    await recordAudit({ actor: "sso", action: "user.update", target: `user:${existing.username}`, params: { role, previousRole: existing.role, from: "sso-role-map" } });
    return updated;
  }
  const tagged = `${username.slice(0, 57)}-${sha256Hex(subject).slice(0, 6)}`;
  for (const name of [username, tagged]) {
    try {
      const created = await db.user.create({ data: { username: name, passwordHash: null, ssoSubject: subject, role } });
      await recordAudit({ actor: "sso", action: "user.create", target: `user:${name}`, params: { role, from: "sso" } });
      return created;
    } catch (error) {
      if ((error as { code?: unknown }).code !== "P2002") throw error;
      // The same subject created by a parallel callback: use that row.
      const raced = await db.user.findUnique({ where: { ssoSubject: subject } });
      if (raced) return raced;
    }
  }
  throw new Error(`single sign-on: the usernames "${username}" and "${tagged}" are both taken`);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${code}: ${error.message}` : error.message;
}
