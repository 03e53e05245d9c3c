import type { ClusterConfig } from "@/lib/config/schema";
import type { HistoryQuery } from "../history-query";
import type { ProcessFigures } from "../prometheus";
import type { Scope, TransferredCycle } from "./cycle-transfer";

// Messages between the HTTP thread (sampler-host.ts) and the sampler worker (sampler-worker.ts).

export type ToWorker =
  | { type: "sync"; clusters: ClusterConfig[] }
  | { type: "history"; id: number; cluster: string; query: HistoryQuery }
  | { type: "scoped"; id: number; cluster: string; scope: Scope }
  /** The Prometheus text of every cluster the worker samples; `up` and the process figures come from the HTTP thread. */
  | { type: "metrics"; id: number; up: Record<string, boolean>; server: ProcessFigures };

export type FromWorker =
  | { type: "cycle"; cluster: string; fingerprint: string; cycleMs: number; cycles: number; cycle: TransferredCycle }
  | { type: "failure"; cluster: string; fingerprint: string; message: string }
  | { type: "reply"; id: number; result?: unknown; error?: string };
