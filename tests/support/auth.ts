// Credentials for integration tests. Every API route needs them (lib/auth/guard.ts), so a test sets
// the bootstrap admin token BEFORE importing any route, then sends it:
//
//   import { TEST_ADMIN_TOKEN, asAdmin, callAsAdmin } from "../support/auth";
//   process.env.EVENTSCOPE_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
//   await callAsAdmin(routes.requeue.POST, path, params, jsonInit("POST", body));
//   await call(handler, path, params, asAdmin(init));          // the same, with call()
//
// The bootstrap token acts as an admin that does NOT see masked values (canSeeClearValues false).
import { call } from "./routes";

/** At least 16 characters, or the guard ignores it. */
export const TEST_ADMIN_TOKEN = "eventscope-test-admin-token-0123456789";

export function bearer(token: string = process.env.EVENTSCOPE_ADMIN_TOKEN ?? TEST_ADMIN_TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** `init` with the bootstrap admin token added (or another bearer token). */
export function asAdmin(init: RequestInit = {}, token?: string): RequestInit {
  return { ...init, headers: { ...bearer(token), ...((init.headers as Record<string, string>) ?? {}) } };
}

export const callAsAdmin: typeof call = (handler, path, params, init) => call(handler, path, params, asAdmin(init));
