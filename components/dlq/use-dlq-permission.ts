"use client";
import { useCurrentUser } from "@/components/auth/current-user";
import { permissionFor, type Permission } from "@/lib/client/permissions";

/**
 * Whether to offer requeue, discard and cancel (operator role, cluster not read-only). While the
 * signed-in user is not known the buttons stay on: the server decides, and its 403 is shown.
 */
export function useDlqPermission(clusterId?: string): Permission {
  const me = useCurrentUser();
  if (!me) return { allowed: true };
  return permissionFor(me, "operator", clusterId);
}
