import { createHash } from "node:crypto";

// The requeue id is derived, never random: the same DLQ message always gets the same id, so a
// resumed job, a second click or a second operator can recognise (Kafka: by header) or have the
// broker drop (JetStream: Nats-Msg-Id) a copy that was already sent.
export function requeueIdOf(clusterId: string, dlqTopic: string, messageId: string): string {
  return createHash("sha256").update(`${clusterId}\u0000${dlqTopic}\u0000${messageId}`).digest("hex").slice(0, 32);
}

/** `<partition>-<offset>` for Kafka, `<seq>` for JetStream (API.md). */
export function dlqMessageId(kind: "kafka" | "nats", partition: number, offset: number): string {
  return kind === "kafka" ? `${partition}-${offset}` : String(offset);
}

export function parseDlqMessageId(kind: "kafka" | "nats", id: string): { partition: number; offset: number } | null {
  if (kind === "kafka") {
    const match = /^(\d{1,9})-(\d{1,15})$/.exec(id);
    return match ? { partition: Number(match[1]), offset: Number(match[2]) } : null;
  }
  return /^\d{1,15}$/.test(id) ? { partition: 0, offset: Number(id) } : null;
}
