"use client";
import { createContext, useContext, type ReactNode } from "react";
import type { Role } from "@/lib/auth/roles";
import { useMe } from "@/lib/client/access-queries";
import type { MeResponse } from "@/lib/client/access-types";
import { permissionFor, type Permission } from "@/lib/client/permissions";

// The signed-in user and the read-only switches, known from the first render: the console layout
// reads them on the server and hands them down; a poll keeps them fresh afterwards.
const InitialMe = createContext<MeResponse | undefined>(undefined);

export function CurrentUserProvider({ initial, children }: { initial: MeResponse; children: ReactNode }) {
  return <InitialMe.Provider value={initial}>{children}</InitialMe.Provider>;
}

export function useCurrentUser(): MeResponse | undefined {
  const initial = useContext(InitialMe);
  return useMe(initial).data ?? initial;
}

/**
 * Whether to offer an action that needs `role` (on `clusterId`, for per-cluster read-only).
 * Example: `const can = usePermission("operator", cluster); {can.allowed ? <Button…/> : null}`.
 */
export function usePermission(role: Role, clusterId?: string): Permission {
  return permissionFor(useCurrentUser(), role, clusterId);
}
