"use client";
import { useCurrentUser } from "./current-user";

/** Says so at the top of every page while actions are switched off console-wide. */
export function ReadOnlyBanner() {
  const me = useCurrentUser();
  if (!me?.readOnly.readOnly) return null;
  return (
    <div className="read-only-banner" role="status">
      Read-only mode: requeue, replay, discard, offset resets and deletions are switched off
      {me.user.role === "admin" ? " (Settings → Read-only mode)" : ""}.
    </div>
  );
}
