import { AppError } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/roles";

/** The bootstrap token has no user row to own tokens. */
export function requireTokenOwner(actor: Actor): void {
  if (actor.via === "bootstrap-token") throw new AppError("conflict", "the bootstrap admin token has no user: sign in as a user to manage tokens");
}
