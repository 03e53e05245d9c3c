import "server-only";
import type { Actor } from "./roles";
import { constantTimeEqual } from "./secret-tokens";

// EVENTSCOPE_ADMIN_TOKEN: an admin bearer token from the environment, to set Eventscope up without
// the UI (API.md). It does not see masked values: that permission belongs to named users.
const MIN_LENGTH = 16;
let warnedShort = false;

export const BOOTSTRAP_ACTOR: Actor = {
  id: "bootstrap-token",
  username: "bootstrap-admin",
  role: "admin",
  canSeeClearValues: false,
  via: "bootstrap-token",
};

function configuredToken(): string | undefined {
  const token = process.env.EVENTSCOPE_ADMIN_TOKEN;
  if (!token) return undefined;
  if (token.length < MIN_LENGTH) {
    // A short admin token is guessable; refusing it is safer than accepting it silently.
    if (!warnedShort) console.error(`[eventscope] EVENTSCOPE_ADMIN_TOKEN is ignored: it must be at least ${MIN_LENGTH} characters`);
    warnedShort = true;
    return undefined;
  }
  return token;
}

export function isBootstrapToken(bearer: string): boolean {
  const token = configuredToken();
  return token !== undefined && constantTimeEqual(bearer, token);
}
