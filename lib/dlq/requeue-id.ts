import { createHash } from "node:crypto";
import { capabilitiesOf, kindInfo, type ClusterKind } from "@/lib/brokers/kinds";
import type { MessagePosition } from "@/lib/brokers/types";

// The requeue id is derived, never random: the same DLQ message always gets the same id, so a
// resumed job, a second click or a second operator can recognise (Kafka: by header) or have the
// broker drop (JetStream: Nats-Msg-Id) a copy that was already sent.
export function requeueIdOf(clusterId: string, dlqTopic: string, messageId: string): string {
  return createHash("sha256").update(`${clusterId}\u0000${dlqTopic}\u0000${messageId}`).digest("hex").slice(0, 32);
}

/**
 * `<partition>-<offset>` for Kafka, `<seq>` for JetStream; the message's own id where it carries one
 * (Redis Streams' entry id, API.md).
 */
export function dlqMessageId(kind: ClusterKind, partition: number, offset: number, id?: string): string {
  if (id !== undefined && kindInfo(kind).messageIds) return id;
  return capabilitiesOf(kind).hasPartitions ? `${partition}-${offset}` : String(offset);
}

/** The position a DLQ message id stands for; with `id` where the kind addresses messages by id. */
export function parseDlqMessageId(kind: ClusterKind, id: string): MessagePosition | null {
  const own = kindInfo(kind).messageIds;
  if (own) return own.parse(id);
  if (capabilitiesOf(kind).hasPartitions) {
    const match = /^(\d{1,9})-(\d{1,15})$/.exec(id);
    return match ? { partition: Number(match[1]), offset: Number(match[2]) } : null;
  }
  return /^\d{1,15}$/.test(id) ? { partition: 0, offset: Number(id) } : null;
}

/** Whether `id` is a DLQ message id of this kind (a position, or a derived id where the kind derives them). */
export function isDlqMessageId(kind: ClusterKind, id: string): boolean {
  if (kindInfo(kind).derivedDlqIds) return /^[0-9a-f]{32}$/.test(id);
  return parseDlqMessageId(kind, id) !== null;
}
