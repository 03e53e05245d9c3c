import { isHttpsRequest, readCookie } from "./cookies";
import type { FlowSecrets } from "./oidc";

// The cookie that carries one single sign-on attempt from /oidc/start to /oidc/callback: state,
// nonce, PKCE verifier and the page asked for. httpOnly (no script reads the verifier), SameSite=Lax
// (the provider's redirect back is a top-level GET, which Lax lets through), scoped to the two OIDC
// routes, and valid for 10 minutes. The callback deletes it whatever the outcome, so it is used once.
export const OIDC_FLOW_COOKIE = "eventscope_oidc";
const COOKIE_PATH = "/api/v1/auth/oidc";
export const FLOW_TTL_MS = 10 * 60 * 1000;

export interface FlowState extends FlowSecrets {
  next: string;
  startedAt: number;
}

function cookie(value: string, request: Request, maxAgeSeconds: number): string {
  const parts = [`${OIDC_FLOW_COOKIE}=${encodeURIComponent(value)}`, `Path=${COOKIE_PATH}`, "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (isHttpsRequest(request)) parts.push("Secure");
  return parts.join("; ");
}

export function flowCookie(state: FlowState, request: Request): string {
  const value = Buffer.from(JSON.stringify(state), "utf8").toString("base64url");
  return cookie(value, request, FLOW_TTL_MS / 1000);
}

export function clearedFlowCookie(request: Request): string {
  return cookie("", request, 0);
}

/** The flow of this browser, or null when it is missing, malformed or older than 10 minutes. */
export function readFlowCookie(request: Request, now = Date.now()): FlowState | null {
  const raw = readCookie(request, OIDC_FLOW_COOKIE);
  if (!raw || raw.length > 4000) return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<FlowState>;
    const strings = [parsed.state, parsed.nonce, parsed.codeVerifier, parsed.next];
    if (!strings.every((item) => typeof item === "string" && item.length > 0) || typeof parsed.startedAt !== "number") return null;
    if (now - parsed.startedAt > FLOW_TTL_MS || parsed.startedAt > now + 60_000) return null;
    return parsed as FlowState;
  } catch {
    return null;
  }
}
