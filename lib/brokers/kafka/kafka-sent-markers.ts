import "server-only";
import type { BrokerConnector } from "../types";

/**
 * After a crash between publishing and recording, a Kafka job finds which of its copies reached
 * the target by the marker header it put on each: reads each target partition from where the job
 * began writing (`starts`: partition -> offset) to the end and returns the marker values it sees
 * (only those `keep` accepts, when given).
 */
export async function findSentMarkers(
  connector: BrokerConnector,
  target: string,
  starts: Record<string, number>,
  header: string,
  keep: (marker: string) => boolean = () => true,
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const [partition, from] of Object.entries(starts)) {
    let offset = from;
    while (true) {
      const page = await connector.readMessages(target, { partition: Number(partition), from: offset, limit: 500 });
      for (const message of page.messages) {
        const marker = message.headers[header]?.toString("utf8");
        if (marker !== undefined && keep(marker)) found.add(marker);
      }
      if (!page.next) break;
      offset = page.next.offset;
    }
  }
  return found;
}
