import "server-only";
import type { BrokerDelivery, OutgoingCopy } from "../delivery";
import type { PublishRequest } from "../types";
import type { NatsConnector } from "./nats-connector";

// JetStream's "publish once": every copy is published with its marker as Nats-Msg-Id, so the
// server drops a copy it already stored (within the stream's duplicate window), and a DLQ entry is
// deleted only after its copy's PubAck. After a crash, an entry that is gone was sent; everything
// else is simply sent again. Nothing needs saving before a batch.

const withMsgId = (copy: OutgoingCopy): PublishRequest => ({ ...copy.request, msgId: copy.marker });

export function natsDelivery(connector: NatsConnector): BrokerDelivery {
  return {
    async prepare(_targets, previous) {
      return previous;
    },
    async publishOnce(copies) {
      if (copies.every((copy) => !copy.source)) {
        // Nothing to remove afterwards (a replay): pipelined publishes, each PubAck awaited.
        if (copies.length > 0) await connector.publishBatch(copies.map(withMsgId));
        return;
      }
      // All publishes are in flight at once; each source is deleted as soon as its own PubAck is
      // in, never before. Every publish and delete is let finish before an error is reported, so a
      // settle after a failure sees the final state.
      const outcomes = await Promise.allSettled(
        copies.map(async (copy) => {
          await connector.publish(withMsgId(copy));
          if (copy.source) await connector.deleteMessage(copy.source.topic, copy.source.offset);
        }),
      );
      const failure = outcomes.find((outcome) => outcome.status === "rejected");
      if (failure) throw failure.reason;
    },
    async settle(_checkpoint, inFlight) {
      const sent = new Set<string>();
      const bySourceTopic = new Map<string, OutgoingCopyRef[]>();
      for (const copy of inFlight) {
        if (!copy.source) continue; // sent again under the same Nats-Msg-Id: de-duplicated
        const list = bySourceTopic.get(copy.source.topic) ?? [];
        list.push({ marker: copy.marker, offset: copy.source.offset });
        bySourceTopic.set(copy.source.topic, list);
      }
      for (const [topic, copies] of bySourceTopic) {
        const still = await connector.retainedOffsets(topic, copies.map((copy) => copy.offset));
        for (const copy of copies) if (!still.has(copy.offset)) sent.add(copy.marker);
      }
      return sent;
    },
  };
}

interface OutgoingCopyRef {
  marker: string;
  offset: number;
}
