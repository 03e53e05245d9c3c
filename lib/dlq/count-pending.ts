import "server-only";
import { DomainError } from "@/lib/errors";
import { decodeShortBytes } from "@/lib/messages/decode-message";
import type { ScannedMessage } from "@/lib/brokers/types";
import type { DlqContext, DlqFilter } from "./dlq-messages";
import { matches } from "./dlq-messages";
import { statusesOf } from "./dlq-state";
import { errorSignature } from "./error-signature";
import { parseDlqEnvelope } from "./parse-envelope";
import { dlqMessageId } from "./requeue-id";
import { refuseUnseen } from "./unseen-messages";

// How many pending messages of a DLQ match a filter, for a requeue request's count: the messages
// are visited in the connector's search scan (big fetches, raw bytes, no copies) and only their ids
// kept, looked up in the database in chunks while the scan goes on. Building every message as the
// list shows it, as the count did before, cost more than the requeue job itself.

/** Ids per database lookup. */
const LOOKUP_CHUNK = 5_000;

/**
 * The count, or null when this fast path does not apply: advisory DLQs (each message points at
 * another stream) and text filters (`q` matches the decoded, displayed message) are counted the
 * way the list reads them (scanDlq).
 */
export async function countPendingMatches(context: DlqContext, filter: DlqFilter | undefined, budget: number): Promise<number | null> {
  if (context.dlqKind !== "topic" || filter?.q !== undefined) return null;
  // Everything, on a broker that counts its own messages (RabbitMQ): its figure, not a read, which
  // stops short of a big queue there. Such a broker's requeued and discarded messages have left the
  // DLQ, so the figure is the pending ones (plus any a running requeue holds right now).
  const unfiltered = !filter || Object.values(filter).every((value) => value === undefined);
  if (unfiltered && context.connector.countMessages) return context.connector.countMessages(context.topic);
  const key = { clusterId: context.clusterId, dlqTopic: context.topic };
  const needs = { envelope: filter?.error !== undefined || filter?.originalTopic !== undefined, time: filter?.since !== undefined || filter?.until !== undefined };
  const lookups: Promise<number>[] = [];
  let chunk: string[] = [];
  // Ids with a state row are not pending (claimed, requeued or discarded).
  const lookUp = (ids: string[]) => statusesOf(key, ids).then((statuses) => ids.length - statuses.size);
  let scanned = 0;
  let failed: unknown;

  const scan = await context.connector.scanMessages(context.topic, {
    visit(message) {
      scanned++;
      if (!filter || matches(asFiltered(context, message, needs), filter, "all")) {
        chunk.push(message.stableId ?? dlqMessageId(context.clusterKind, message.partition, message.offset, message.id));
        if (chunk.length === LOOKUP_CHUNK) {
          lookups.push(lookUp(chunk).catch((error) => ((failed = error), 0)));
          chunk = [];
        }
      }
      return scanned >= budget;
    },
    shouldStop: () => failed !== undefined,
  });
  lookups.push(lookUp(chunk));
  const counts = await Promise.all(lookups);
  if (failed !== undefined) throw failed;
  const { remaining } = scan;
  refuseUnseen(scan, "filter: a filtered count");
  // The broker ended the read before the end of the DLQ (RabbitMQ: one pass holds at most 65,535
  // messages): a smaller count would silently requeue fewer than asked.
  if (remaining.length > 0 && scanned < budget) {
    throw new DomainError(
      "invalid-input",
      `filter: the broker could read only the first ${scanned} messages of ${context.topic} in one pass, so a filtered count would be short; requeue without a filter (all), by ids, or narrow the DLQ first`,
      { field: "filter", read: scanned },
    );
  }
  return counts.reduce((sum, count) => sum + count, 0);
}

/** What `matches` reads of a message for the filters counted here (never q, never status). */
export function asFiltered(context: DlqContext, message: ScannedMessage, needs: { envelope: boolean; time: boolean }) {
  // As the list's messages have it: an unusable broker time reads as the epoch (kafka-messages.ts).
  const millis = Number.isFinite(message.timestampMs) && message.timestampMs >= 0 ? message.timestampMs : 0;
  const fields = { timestamp: needs.time ? new Date(millis).toISOString() : "", originalTopic: null as string | null, error: "", errorGroup: "" };
  if (needs.envelope) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(message.headers)) headers[name] = decodeShortBytes(value) ?? "";
    const envelope = parseDlqEnvelope(context.topic, headers);
    fields.originalTopic = envelope.originalTopic;
    fields.error = envelope.error;
    // The error filter also matches the error's group (see matches in dlq-messages.ts).
    fields.errorGroup = errorSignature(envelope.error, headers);
  }
  return fields as unknown as Parameters<typeof matches>[0];
}
