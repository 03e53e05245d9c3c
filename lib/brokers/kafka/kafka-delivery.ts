import "server-only";
import type { BrokerDelivery, DeliveryCheckpoint, DeliveryOptions } from "../delivery";
import type { BrokerConnector } from "../types";
import { findSentMarkers } from "./kafka-sent-markers";

// Kafka's "publish once": the broker keeps no memory of ids and cannot delete a message, so before
// the first write to a target the log end of each of its partitions is saved; after a crash the
// target is read from there and the copies whose markers are found were sent. The idempotent
// producer (publishBatch) keeps a retried batch from being written twice by the client itself.

/** Target topic -> partition -> log end before the job's first write to it. */
interface KafkaCheckpoint {
  targets: Record<string, Record<string, number>>;
}

export function kafkaDelivery(connector: BrokerConnector, options: DeliveryOptions): BrokerDelivery {
  return {
    async prepare(targets, previous) {
      const known = (previous as KafkaCheckpoint | undefined)?.targets ?? {};
      const fresh = [...new Set(targets)].filter((topic) => !known[topic]);
      if (fresh.length === 0) return previous;
      const next: Record<string, Record<string, number>> = { ...known };
      for (const topic of fresh) {
        const detail = await connector.describeTopic(topic);
        next[topic] = Object.fromEntries(detail.partitions.map((p) => [String(p.partition), p.high]));
      }
      return { targets: next } satisfies KafkaCheckpoint as DeliveryCheckpoint;
    },
    async publishOnce(copies) {
      if (copies.length > 0) await connector.publishBatch(copies.map((copy) => copy.request));
    },
    async settle(checkpoint, inFlight) {
      const wanted = new Set(inFlight.map((copy) => copy.marker));
      const sent = new Set<string>();
      if (wanted.size === 0) return sent;
      for (const [topic, starts] of Object.entries((checkpoint as KafkaCheckpoint | undefined)?.targets ?? {})) {
        for (const marker of await findSentMarkers(connector, topic, starts, options.markerHeader, (id) => wanted.has(id))) sent.add(marker);
      }
      return sent;
    },
  };
}
