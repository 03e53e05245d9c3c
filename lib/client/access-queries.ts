"use client";
// TanStack Query hooks for sign-in, users, tokens, masking rules, read-only mode and the audit trail.
// Their keys live here rather than in lib/query-keys.ts while that file is being changed by others;
// they are top-level (not under ['clusters']) and follow the same rules: mutations invalidate the parent.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { createUserBody, updateUserBody } from "@/lib/contract/access";
import { api, seg } from "./api-client";
import type { ApiTokenRow, AuditFilters, AuditPage, CreatedToken, MaskingRule, MeResponse, ReadOnlyState, UserRow } from "./access-types";

export const accessKeys = {
  me: () => ["auth", "me"] as const,
  users: () => ["users"] as const,
  tokens: () => ["tokens"] as const,
  tokenList: (all: boolean) => ["tokens", { all }] as const,
  maskingRules: () => ["masking-rules"] as const,
  readOnly: () => ["settings", "read-only"] as const,
  audit: () => ["audit"] as const,
  auditPage: (filters: AuditFilters, cursor: string | null) => ["audit", filters, cursor] as const,
};

/** Re-read now and then, so read-only switches show up and an expired session leads to sign-in. */
export const ME_POLL_MS = 60_000;

export function useMe(initial?: MeResponse) {
  return useQuery({
    queryKey: accessKeys.me(),
    queryFn: ({ signal }) => api.get<MeResponse>("/auth/me", undefined, signal),
    initialData: initial,
    staleTime: 30_000,
    refetchInterval: ME_POLL_MS,
  });
}

export function useUsers() {
  return useQuery({ queryKey: accessKeys.users(), queryFn: ({ signal }) => api.get<{ users: UserRow[] }>("/users", undefined, signal) });
}

export type NewUser = z.input<typeof createUserBody>;

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewUser) => api.post<{ user: UserRow }>("/users", input),
    onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.users() }),
  });
}

export type UserChange = z.input<typeof updateUserBody>;

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: UserChange }) => api.patch<{ user: UserRow }>(`/users/${seg(id)}`, change),
    onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.users() }),
  });
}

export function useDeleteUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/users/${seg(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.users() }),
  });
}

export function useTokens(all: boolean) {
  return useQuery({
    queryKey: accessKeys.tokenList(all),
    queryFn: ({ signal }) => api.get<{ tokens: ApiTokenRow[] }>("/tokens", all ? { all: true } : undefined, signal),
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<CreatedToken>("/tokens", { name }),
    onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.tokens() }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/tokens/${seg(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.tokens() }),
  });
}

export function useMaskingRules() {
  return useQuery({
    queryKey: accessKeys.maskingRules(),
    queryFn: ({ signal }) => api.get<{ rules: MaskingRule[] }>("/masking-rules", undefined, signal),
  });
}

export function useCreateMaskingRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rule: { topic: string | null; kind: MaskingRule["kind"]; pattern: string }) => api.post<{ rule: MaskingRule }>("/masking-rules", rule),
    onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.maskingRules() }),
  });
}

export function useDeleteMaskingRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/masking-rules/${seg(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: accessKeys.maskingRules() }),
  });
}

export function useReadOnlyState() {
  return useQuery({ queryKey: accessKeys.readOnly(), queryFn: ({ signal }) => api.get<ReadOnlyState>("/settings/read-only", undefined, signal) });
}

export function useSetReadOnly() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: { readOnly?: boolean; clusters?: Record<string, boolean> }) => api.put<ReadOnlyState>("/settings/read-only", change),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: accessKeys.readOnly() }), client.invalidateQueries({ queryKey: accessKeys.me() })]),
  });
}

export const AUDIT_PAGE_SIZE = 50;

export function useAuditPage(filters: AuditFilters, cursor: string | null) {
  return useQuery({
    queryKey: accessKeys.auditPage(filters, cursor),
    queryFn: ({ signal }) =>
      api.get<AuditPage>(
        "/audit",
        {
          actor: filters.actor.trim(),
          action: filters.action.trim(),
          since: filters.since === "" ? null : filters.since,
          q: filters.q?.trim(),
          sort: filters.sort,
          dir: filters.dir,
          cursor,
          limit: AUDIT_PAGE_SIZE,
        },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

/** Ends the session and leaves for the sign-in page (a full load: nothing of the session stays in memory). */
export async function signOut(): Promise<void> {
  try {
    await api.post("/auth/sign-out", {});
  } finally {
    window.location.assign("/sign-in");
  }
}
