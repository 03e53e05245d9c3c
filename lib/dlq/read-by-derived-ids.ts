import "server-only";
import { DomainError } from "@/lib/errors";
import type { RawMessage, ScannedMessage } from "@/lib/brokers/types";
import { toDlqMessages, type DlqContext, type DlqMessage } from "./dlq-messages";
import { refuseUnseen } from "./unseen-messages";

/**
 * Ids derived from the messages (RabbitMQ): the DLQ is read from its head in the connector's scan (one
 * pass over the whole queue where the broker allows it) until every id was seen. When the scan ends
 * before the end of the DLQ with ids still unseen, they may be deeper than one read reaches: refused
 * with the depth, rather than reported missing or silently left out.
 */
export async function readByDerivedIds(context: DlqContext, ids: string[], options: { values: boolean }): Promise<DlqMessage[]> {
  const wanted = new Set(ids);
  const found = new Map<string, RawMessage>();
  let scanned = 0;
  const scan = await context.connector.scanMessages(context.topic, {
    visit(message) {
      scanned++;
      const id = message.stableId;
      if (id !== undefined && wanted.has(id) && !found.has(id)) found.set(id, copyScanned(message));
      return found.size === wanted.size;
    },
    shouldStop: () => false,
  });
  const { remaining } = scan;
  // An id not seen may be a message a consumer holds: not "not found".
  if (found.size < wanted.size) refuseUnseen(scan, `ids: ${wanted.size - found.size} of the ${wanted.size} messages were not seen, and a selection`);
  if (found.size < wanted.size && remaining.length > 0) {
    throw new DomainError(
      "invalid-input",
      `ids: ${wanted.size - found.size} of the ${wanted.size} messages were not among the first ${scanned} messages of ${context.topic}, as deep as the broker reads in one pass; select them by a filter or requeue all`,
      { field: "ids", read: scanned },
    );
  }
  const messages = await toDlqMessages(context, [...found.values()], options);
  const byId = new Map(messages.map((message) => [message.id, message]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** A scanned message kept beyond its visit (the scan's buffers are only valid during it). */
export function copyScanned(message: ScannedMessage): RawMessage {
  const headers: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(message.headers)) headers[name] = Buffer.from(value as Buffer);
  return {
    partition: message.partition,
    offset: message.offset,
    timestamp: new Date(Number.isFinite(message.timestampMs) && message.timestampMs >= 0 ? message.timestampMs : 0).toISOString(),
    key: message.key === null ? null : Buffer.from(message.key),
    value: message.value === null ? null : Buffer.from(message.value),
    headers,
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    ...(message.stableId !== undefined ? { stableId: message.stableId } : {}),
    ...(message.route !== undefined ? { route: message.route } : {}),
    ...(message.id !== undefined ? { id: message.id } : {}),
  };
}
