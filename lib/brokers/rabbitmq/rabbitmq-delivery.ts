import "server-only";
import type { Channel, ConsumeMessage } from "amqplib";
import { DomainError, invalidInput } from "@/lib/errors";
import type { BrokerDelivery, InFlightCopy, OutgoingCopy } from "../delivery";
import type { RawMessage } from "../types";
import { HeldQueueReader, toQueueRoute } from "./held-queue-reader";
import { passOverQueue } from "./queue-pass";
import type { QueueRef } from "./rabbitmq-names";
import { parseRoute, type RabbitRoute } from "./stable-id";

// RabbitMQ's "publish once" for requeue (lib/brokers/delivery.ts). The job reads the DLQ through this
// delivery's reader, which holds every message it read; publishOnce sends the chosen ones home and
// acknowledges them in one AMQP transaction (held-queue-reader.ts says why a transaction). The job's
// ledger (its claims in the database, written before publishOnce) names what may be in flight; after
// a crash or a failed batch, settle gives everything held back to the DLQ and looks there: a claimed
// message still in the DLQ was not sent (it is sent again), a claimed message gone was (recorded as
// requeued, not sent again).
//
// Residual window: a claimed message that leaves the DLQ by another way (another consumer, a TTL or
// max-length on the DLQ itself) between the crash and the settle is recorded as requeued although it
// was not sent; and if RabbitMQ has not yet noticed that the old connection is gone (a network cut
// rather than a killed process: up to the heartbeat, 30 s), messages it still counts as delivered to
// it are missing from the settle's pass. The job's settle then waits for them (see settle).

export interface RabbitDeliveryDeps {
  queueOf(topic: string): QueueRef;
  openChannel(vhost: string): Promise<Channel>;
  idOf(queue: QueueRef): (message: ConsumeMessage) => string;
  toRaw(queue: QueueRef): (message: ConsumeMessage, position: number) => RawMessage;
  /** Messages of a queue delivered to consumers and not yet acknowledged (the management API's figure). */
  unacknowledged(queue: QueueRef): Promise<number>;
  /**
   * Runs `work` while no other read of this process takes messages of the queue (queue-locks.ts): a
   * browse holding a claimed message during the settle's pass would make it look sent, and it would
   * never be sent.
   */
  exclusive<T>(queue: QueueRef, work: () => Promise<T>): Promise<T>;
}

const SETTLE_WAIT_MS = 45_000;

export function rabbitmqDelivery(deps: RabbitDeliveryDeps): BrokerDelivery {
  const readers = new Map<string, HeldQueueReader>();

  const readerOf = (topic: string): HeldQueueReader => {
    let reader = readers.get(topic);
    if (!reader) {
      const queue = deps.queueOf(topic);
      reader = new HeldQueueReader({ queue, idOf: deps.idOf(queue), toRaw: deps.toRaw(queue), open: () => deps.openChannel(queue.vhost) });
      readers.set(topic, reader);
    }
    return reader;
  };

  const closeAll = async () => {
    const all = [...readers.values()];
    readers.clear();
    await Promise.all(all.map((reader) => reader.close()));
  };

  const routeOf = (sourceQueue: QueueRef) => (copy: OutgoingCopy): RabbitRoute => {
    if (copy.request.route !== undefined) {
      const route = parseRoute(copy.request.route);
      if (!route || route.vhost !== sourceQueue.vhost) throw invalidInput("route", "not a RabbitMQ exchange and routing key of the DLQ's vhost");
      return route;
    }
    // A target the operator named: a queue, reached through the default exchange. The transaction
    // spans one channel, so the target must be in the DLQ's vhost.
    const target = deps.queueOf(copy.request.topic);
    if (target.vhost !== sourceQueue.vhost) throw invalidInput("target", `a requeue stays in the DLQ's vhost ${JSON.stringify(sourceQueue.vhost)}`);
    return toQueueRoute(target);
  };

  return {
    reader: readerOf,
    async prepare(_targets, previous) {
      return previous; // the DLQ is the record: nothing to save before publishing
    },
    async publishOnce(copies) {
      if (copies.length === 0) return;
      const topic = copies[0].source?.topic;
      if (!topic || copies.some((copy) => copy.source?.topic !== topic || copy.source.id === undefined)) {
        throw new DomainError("unsupported", "RabbitMQ copies are sent from a DLQ read by the requeue (replay is not available for RabbitMQ): nothing was sent");
      }
      const reader = readers.get(topic);
      if (!reader) throw new DomainError("broker-unavailable", "the requeue's DLQ reader is gone: the batch is settled and read again");
      try {
        await reader.send(copies, routeOf(deps.queueOf(topic)));
      } catch (error) {
        // The channel may be in any state: give everything back, so the settle sees the DLQ as it is.
        readers.delete(topic);
        await reader.close();
        throw error;
      }
    },
    async settle(_checkpoint, inFlight: InFlightCopy[]) {
      await closeAll();
      const byTopic = new Map<string, Set<string>>();
      for (const copy of inFlight) {
        if (!copy.source?.id) continue;
        const markers = byTopic.get(copy.source.topic) ?? new Set<string>();
        markers.add(copy.marker);
        byTopic.set(copy.source.topic, markers);
      }
      const sent = new Set<string>();
      for (const [topic, markers] of byTopic) {
        const queue = deps.queueOf(topic);
        await waitForReturns(deps, queue);
        const present = await deps.exclusive(queue, () => presentIds(deps, queue, markers));
        for (const marker of markers) if (!present.has(marker)) sent.add(marker);
      }
      return sent;
    },
    close: closeAll,
  };
}

/**
 * Messages a dead connection held come back once RabbitMQ notices it is gone (at once for a killed
 * process, whose socket the kernel closes; up to the heartbeat for a network cut). Until then they
 * are neither in the DLQ nor sent: the settle waits (bounded) for the DLQ to have none outstanding.
 * (The management API's figure lags by its statistics interval, 5 s; a killed process's messages are
 * back at once, so a late zero only matters for a network cut, where the figure was not zero before.)
 */
async function waitForReturns(deps: RabbitDeliveryDeps, queue: QueueRef): Promise<void> {
  const deadline = Date.now() + SETTLE_WAIT_MS;
  while (Date.now() < deadline) {
    if ((await deps.unacknowledged(queue)) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new DomainError("broker-unavailable", `the DLQ ${queue.queue} still has messages delivered to a consumer and not acknowledged: the requeue waits for them to come back before deciding what was sent`);
}

/** Which of these ids are in the queue now (one pass, everything given back). */
async function presentIds(deps: RabbitDeliveryDeps, queue: QueueRef, wanted: Set<string>): Promise<Set<string>> {
  const channel = await deps.openChannel(queue.vhost);
  const idOf = deps.idOf(queue);
  const found = new Set<string>();
  try {
    await passOverQueue(channel, queue.queue, (message) => {
      const id = idOf(message);
      if (wanted.has(id)) found.add(id);
      return found.size === wanted.size;
    });
    return found;
  } finally {
    await channel.close().catch(() => undefined);
  }
}

/** Discard: acknowledges the messages with these ids (one each), gives the rest back; the ids removed. */
export async function removeByIds(deps: RabbitDeliveryDeps, queue: QueueRef, ids: string[]): Promise<string[]> {
  const wanted = new Set(ids);
  const removed: string[] = [];
  if (wanted.size === 0) return removed;
  const channel = await deps.openChannel(queue.vhost);
  const idOf = deps.idOf(queue);
  try {
    await passOverQueue(channel, queue.queue, (message) => {
      const id = idOf(message);
      if (wanted.delete(id)) {
        channel.ack(message);
        removed.push(id);
      }
      return wanted.size === 0;
    });
    return removed;
  } finally {
    // close-ok comes after RabbitMQ processed the acks sent before it.
    await channel.close().catch(() => undefined);
  }
}
