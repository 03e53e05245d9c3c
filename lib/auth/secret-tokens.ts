import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// Random bearer secrets (API tokens, session cookies) and how they are kept: only their sha256 is
// stored, so a leaked database yields no usable credential. 32 random bytes make sha256 without
// salt or stretching sufficient (nothing to brute-force).
export const API_TOKEN_PREFIX = "es_";
/** How much of a token is kept in clear to tell tokens apart in lists: "es_" + 6 characters. */
export const TOKEN_DISPLAY_LENGTH = 9;

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function generateApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomSecret(32)}`;
}

export function looksLikeApiToken(value: string): boolean {
  return value.startsWith(API_TOKEN_PREFIX) && /^[A-Za-z0-9_-]{40,60}$/.test(value.slice(API_TOKEN_PREFIX.length));
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** Constant-time comparison of two strings of any length (both are hashed to equal length first). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a, "utf8").digest();
  const right = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}
