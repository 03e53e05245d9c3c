import "server-only";
import { mapWithConcurrency } from "@/lib/brokers/errors";
import type { BrokerConnector, PartitionLag } from "@/lib/brokers/types";

/**
 * The exact age of the oldest message a group has not consumed, per partition: the timestamp of the
 * message at the committed offset. One small read per lagging partition, so only for one group.
 */
export async function oldestUnconsumedAges(connector: BrokerConnector, partitions: PartitionLag[], now = Date.now()) {
  const ages = new Map<string, number>();
  const lagging = partitions.filter((p) => p.lag > 0 && p.committed !== null).slice(0, 200);
  await mapWithConcurrency(lagging, 8, async (p) => {
    try {
      const { messages } = await connector.readMessages(p.topic, { partition: p.partition, from: p.committed!, limit: 1 });
      if (messages[0]) ages.set(`${p.topic}\u0000${p.partition}`, Math.max(0, (now - Date.parse(messages[0].timestamp)) / 1000));
    } catch {
      // An age we cannot read stays unknown; the rest of the page still renders.
    }
  });
  return ages;
}
