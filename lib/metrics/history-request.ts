import "server-only";
import { DomainError, invalidInput } from "@/lib/errors";
import { isServerless } from "@/lib/runtime-mode";
import { parseWindow } from "./parse-window";
import { getSampler } from "./samplers";
import type { SamplerView } from "./sampler-view";

/** Shared by the history routes: the window asked for, and the cluster's sampler. */
/** Windows up to an hour come from memory at sampling resolution; longer ones from stored minutes. */
export const MEMORY_WINDOW_MS = 60 * 60 * 1000;
/**
 * Serverless mode: an instance's memory holds only what it replayed or sampled since its cold start,
 * while the minute points in the database are written by every instance; so beyond 5 minutes, read those.
 */
export const SERVERLESS_MEMORY_WINDOW_MS = 5 * 60 * 1000;

/** @param window as the contract's historyQuery parsed it (lib/contract/common.ts). */
export function historyRequest(cluster: string, window: string): { sampler: SamplerView; from: number; windowMs: number; fromDatabase: boolean } {
  const windowMs = parseWindow(window);
  if (windowMs === null) throw invalidInput("window", "use a number and a unit, such as 5m, 1h, 24h or 7d (at most 7d)");
  const sampler = getSampler(cluster);
  if (!sampler) throw new DomainError("broker-unavailable", `cluster "${cluster}" is not being sampled yet`);
  const memoryWindow = isServerless() ? SERVERLESS_MEMORY_WINDOW_MS : MEMORY_WINDOW_MS;
  return { sampler, from: Date.now() - windowMs, windowMs, fromDatabase: windowMs > memoryWindow };
}
