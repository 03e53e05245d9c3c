import "server-only";
import { mapWithConcurrency } from "@/lib/brokers/errors";
import type { BrokerConnector, PartitionLag } from "@/lib/brokers/types";

// The message at a given offset never changes, so its timestamp is kept (per topic, partition and
// offset): viewing a group again costs no broker call until its commits move. Bounded; the oldest
// entries go first.
const MAX_KEPT = 50_000;
const globalState = globalThis as typeof globalThis & { __eventscopeOffsetTimes?: Map<string, number | null> };
const kept = (globalState.__eventscopeOffsetTimes ??= new Map());

const keyOf = (topic: string, partition: number, offset: number) => `${topic}\u0000${partition}\u0000${offset}`;

function keep(key: string, timestamp: number | null): void {
  if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
  kept.set(key, timestamp);
}

/**
 * The exact age of the oldest message a group has not consumed, per partition: the timestamp of the
 * message at (or first after) the committed offset. Partitions not seen before are read in one
 * batched call where the connector has one (else one small read each), so only for one group.
 */
export async function oldestUnconsumedAges(connector: BrokerConnector, partitions: PartitionLag[], now = Date.now()) {
  const ages = new Map<string, number>();
  const lagging = partitions.filter((p) => p.lag > 0 && p.committed !== null).slice(0, 200);
  const unknown = lagging.filter((p) => !kept.has(keyOf(p.topic, p.partition, p.committed!)));
  try {
    await readTimestamps(connector, unknown);
  } catch {
    // Ages we cannot read stay unknown; the rest of the page still renders.
  }
  for (const p of lagging) {
    const at = kept.get(keyOf(p.topic, p.partition, p.committed!));
    if (typeof at === "number") ages.set(`${p.topic}\u0000${p.partition}`, Math.max(0, (now - at) / 1000));
  }
  return ages;
}

async function readTimestamps(connector: BrokerConnector, partitions: PartitionLag[]): Promise<void> {
  if (partitions.length === 0) return;
  if (connector.readOffsetTimestamps) {
    const found = await connector.readOffsetTimestamps(partitions.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.committed! })));
    // Only what was read is kept: a null (no message readable now) is asked again next time.
    partitions.forEach((p, index) => {
      if (found[index] !== null && found[index] !== undefined) keep(keyOf(p.topic, p.partition, p.committed!), found[index]);
    });
    return;
  }
  await mapWithConcurrency(partitions, 8, async (p) => {
    try {
      const { messages } = await connector.readMessages(p.topic, { partition: p.partition, from: p.committed!, limit: 1 });
      if (messages[0]) keep(keyOf(p.topic, p.partition, p.committed!), Date.parse(messages[0].timestamp));
    } catch {
      // unknown, asked again next time
    }
  });
}
