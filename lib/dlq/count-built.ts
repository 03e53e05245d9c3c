import "server-only";
import { DomainError } from "@/lib/errors";
import { kindInfo } from "@/lib/brokers/kinds";
import type { RawMessage } from "@/lib/brokers/types";
import { matches, toDlqMessages, type DlqContext, type DlqFilter, type DlqMessage } from "./dlq-messages";
import { copyScanned } from "./read-by-derived-ids";
import { refuseUnseen } from "./unseen-messages";

// A requeue count that builds each message as the list shows it (decoded, masked), for what the fast
// count (count-pending.ts) cannot do: a text filter `q`, or a filter counted for an actor who sees
// masked values. Only for DLQs whose messages have no stable positions (RabbitMQ, derivedDlqIds):
// there the list's page reads (a browse) stop 2,000 messages deep, while the connector's scan passes
// over the whole queue. Elsewhere the list's own scan (scanDlq) counts.

/** Messages built, masked and matched at once. */
const CHUNK = 1_000;

/** @param collect where the matching messages go, when the caller needs them (discard), not only their count. */
export async function countBuiltMatches(
  context: DlqContext,
  filter: DlqFilter | undefined,
  mask: ((messages: DlqMessage[]) => Promise<DlqMessage[]>) | undefined,
  budget: number,
  collect?: DlqMessage[],
): Promise<number | null> {
  if (context.dlqKind !== "topic" || !kindInfo(context.clusterKind).derivedDlqIds) return null;
  const values = filter?.q !== undefined;
  const countChunk = async (raws: RawMessage[]) => {
    const built = await toDlqMessages(context, raws, { values });
    const shown = mask ? await mask(built) : built;
    const matching = shown.filter((message) => matches(message, filter, "pending"));
    collect?.push(...matching);
    return matching.length;
  };
  const counts: Promise<number>[] = [];
  let chunk: RawMessage[] = [];
  let scanned = 0;
  let failed: unknown;
  const scan = await context.connector.scanMessages(context.topic, {
    visit(message) {
      scanned++;
      chunk.push(copyScanned(message));
      if (chunk.length === CHUNK) {
        counts.push(countChunk(chunk).catch((error) => ((failed = error), 0)));
        chunk = [];
      }
      return scanned >= budget;
    },
    shouldStop: () => failed !== undefined,
  });
  counts.push(countChunk(chunk));
  const total = (await Promise.all(counts)).reduce((sum, count) => sum + count, 0);
  if (failed !== undefined) throw failed;
  const { remaining } = scan;
  refuseUnseen(scan, "filter: a filtered count");
  if (remaining.length > 0 && scanned < budget) {
    throw new DomainError(
      "invalid-input",
      `filter: the broker could read only the first ${scanned} messages of ${context.topic} in one pass, so a filtered count would be short; requeue without a filter (all), by ids, or narrow the DLQ first`,
      { field: "filter", read: scanned },
    );
  }
  return total;
}
