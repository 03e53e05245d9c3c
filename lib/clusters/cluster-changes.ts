import "server-only";
import type { BrokerConnector } from "@/lib/brokers/types";

// When the console itself last changed a cluster (published, deleted a message, moved a group's
// offsets). A sampler snapshot taken before that no longer answers listings: after a reset the
// group page must show the new offsets, after a requeue the topic its new messages, not the state
// of up to three sampling intervals ago. Changes made by others are seen at the next cycle.

const globalState = globalThis as typeof globalThis & { __eventscopeClusterChanges?: Map<string, number> };
const changedAt = (globalState.__eventscopeClusterChanges ??= new Map());

export function markClusterChanged(clusterId: string, at = Date.now()): void {
  changedAt.set(clusterId, Math.max(at, changedAt.get(clusterId) ?? 0));
}

/** Epoch ms of the console's last change to the cluster, if any since the start. */
export function lastChangeAt(clusterId: string): number | undefined {
  return changedAt.get(clusterId);
}

const CHANGING_METHODS = ["publish", "publishBatch", "deleteMessage", "resetOffsets"] as const;

/**
 * Makes the connector note every change it makes, when it ends (a failed call may still have
 * changed something: a batch is cut short half sent).
 */
export function noteChangesOf<T extends BrokerConnector>(clusterId: string, connector: T): T {
  for (const name of CHANGING_METHODS) {
    const original = connector[name] as (...args: unknown[]) => Promise<unknown>;
    (connector as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      try {
        return await original.apply(connector, args);
      } finally {
        markClusterChanged(clusterId);
      }
    };
  }
  return connector;
}
