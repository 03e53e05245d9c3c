// Shapes of the sign-in, users, tokens, masking, read-only and audit endpoints as the browser sees
// them: the contract's (lib/contract/access.ts), as types only (zod stays out of the browser bundle).
import type { Actor, ApiToken, AuditEvent, MaskingRule, ReadOnlyState, Role, User, createToken, getMe, listAudit } from "@/lib/contract/access";
import type { ResponseOf } from "@/lib/contract/operation";
import type { ClusterAuthView, SaslMechanism } from "@/lib/contract/clusters";

export type { AuditEvent, MaskingRule, ReadOnlyState, Role };
export type ActorView = Actor;
export type UserRow = User;
export type ApiTokenRow = ApiToken;
/** `token` is shown once: the server keeps only its hash. */
export type CreatedToken = ResponseOf<typeof createToken, "201">;
export type MeResponse = ResponseOf<typeof getMe>;
export type AuditPage = ResponseOf<typeof listAudit>;

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
export type ClusterAuth = ClusterAuthView;

export type { SaslMechanism };
