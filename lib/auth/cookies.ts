// Reading and writing the session cookie on plain Requests/Responses (route handlers and tests).
export const SESSION_COOKIE = "eventscope_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** HTTPS directly, or behind a proxy that says so; EVENTSCOPE_COOKIE_SECURE=true forces it. */
export function isHttpsRequest(request: Request): boolean {
  if (process.env.EVENTSCOPE_COOKIE_SECURE === "true") return true;
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  return new URL(request.url).protocol === "https:";
}

/**
 * httpOnly: scripts (and so an injected one) cannot read it. SameSite=Lax: other sites' forms and
 * fetches do not carry it (the Origin check in apiRoute is the second lock). Secure under HTTPS.
 */
export function sessionCookie(value: string, request: Request, maxAgeMs = SESSION_TTL_MS): string {
  const parts = [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.floor(maxAgeMs / 1000)}`];
  if (isHttpsRequest(request)) parts.push("Secure");
  return parts.join("; ");
}

export function clearedSessionCookie(request: Request): string {
  return sessionCookie("", request, 0);
}
