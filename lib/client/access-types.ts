// Shapes of the sign-in, users, tokens, masking, read-only and audit endpoints as the browser sees
// them. Plain types (no server imports); kept apart from api-types.ts, which others edit often.
import type { ActorView, Role } from "@/lib/auth/roles";

export type { ActorView, Role };

export interface ReadOnlyState {
  readOnly: boolean;
  clusters: Record<string, boolean>;
}

export interface MeResponse {
  user: ActorView;
  readOnly: ReadOnlyState;
}

export interface UserRow {
  id: string;
  username: string;
  role: Role;
  canSeeClearValues: boolean;
  disabled: boolean;
  /** Signs in through single sign-on; its role follows the identity provider's groups. */
  sso: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ApiTokenRow {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  username: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedToken {
  /** Shown once: the server keeps only its hash. */
  token: string;
  apiToken: ApiTokenRow;
}

export interface MaskingRule {
  id: string;
  topic: string | null;
  kind: "json-path" | "header" | "key";
  pattern: string;
  createdAt: string;
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  params: unknown;
  result: unknown;
}

export interface AuditPage {
  events: AuditEvent[];
  next?: string;
}

export interface AuditFilters {
  actor: string;
  action: string;
  /** An ISO instant, or "" for none (the audit page reads what was typed with lib/client/time-input.ts). */
  since: string;
  /** Text in the target or user; order of the log (left out: newest first). */
  q?: string;
  sort?: string;
  dir?: "asc" | "desc";
}

/** What GET /api/v1/clusters says of a UI-added cluster's credentials (never their values). */
export type ClusterAuth =
  | { ssl: boolean; sasl: { mechanism: SaslMechanism; username: string } | null }
  | { token?: boolean; user: string | null; pass: boolean };

export type SaslMechanism = "plain" | "scram-sha-256" | "scram-sha-512";
