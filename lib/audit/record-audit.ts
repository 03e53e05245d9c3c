import "server-only";
import type { Actor } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { isRedactedField, REDACTED } from "./redaction";

// The one way anything writes to the audit trail: actions that change state, sign-ins, failures
// and permission denials. Params and results describe the action (ids, counts, names), never
// payloads or credentials: keys that usually carry those are replaced before anything is stored,
// so a careless caller cannot put a masked value or a password into the log.

export interface AuditEntry {
  /** The acting user, or a plain name (the username typed into a failed sign-in). */
  actor: Actor | string;
  /** Dotted verb: "auth.sign-in", "cluster.update", "dlq.requeue"... */
  action: string;
  /** What it was done to: "cluster:prod-kafka", "user:alice", "GET /api/v1/users"... */
  target: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
}

const MAX_TEXT = 500;
const MAX_JSON = 8_000;

/** Drops credential and payload fields at any depth; long strings are cut. */
export function sanitizeAuditValue(value: unknown, depth = 0): unknown {
  if (depth > 6) return REDACTED;
  if (typeof value === "string") return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => sanitizeAuditValue(item, depth + 1));
  if (value && typeof value === "object") {
    if (value instanceof Date) return value.toISOString();
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      out[name] = isRedactedField(name) ? REDACTED : sanitizeAuditValue(item, depth + 1);
    }
    return out;
  }
  return value ?? null;
}

function toJson(value: Record<string, unknown> | undefined): string {
  const text = JSON.stringify(sanitizeAuditValue(value ?? {}));
  return text.length > MAX_JSON ? JSON.stringify({ truncated: true }) : text;
}

/**
 * Stores one audit event. It never throws: the action it records has already happened, and failing
 * the response would make the caller retry it. A failure is logged loudly instead.
 */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  const actorName = typeof entry.actor === "string" ? entry.actor : entry.actor.username;
  const params = typeof entry.actor === "string" ? entry.params : { ...entry.params, via: entry.actor.via };
  try {
    const db = await getDb();
    await db.auditEvent.create({
      data: {
        actor: actorName.slice(0, 200),
        action: entry.action.slice(0, 100),
        target: entry.target.slice(0, MAX_TEXT),
        params: toJson(params),
        result: toJson(entry.result),
      },
    });
  } catch (error) {
    console.error(`[eventscope] could not record audit event ${entry.action} on ${entry.target}:`, error);
  }
}
