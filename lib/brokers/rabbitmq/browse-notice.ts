import type { RabbitQueue } from "./queue-rows";

// What a browse of a RabbitMQ queue does to it, said on the page. Pure.

export type BrowseMethod = "get-requeue" | "quorum-get-return" | "stream-offset";

export function browseNotice(method: BrowseMethod): string {
  switch (method) {
    case "get-requeue":
      return "Read by get and requeue: each message shown was taken from the queue and put back at its place at once. It now carries redelivered=true, and while the page was read it was invisible to consumers (a consumer may have received later messages first).";
    case "quorum-get-return":
      return "Read by get and return on a quorum queue: each message shown was taken and put back, marked redelivered, and its delivery count (x-delivery-count) went up by one. The queue's order changes: RabbitMQ puts returned messages behind the ones that were never read. This queue has no delivery limit, so nothing is dead-lettered by reading it.";
    case "stream-offset":
      return "Read by offset from a stream queue: nothing is taken away or changed.";
  }
}

/** Why a queue is not browsed, or null when it may be. */
export function browseRefusal(queue: Pick<RabbitQueue, "type" | "name" | "deliveryLimit">): string | null {
  if (queue.type === "quorum" && queue.deliveryLimit !== null) {
    return `Quorum queue ${JSON.stringify(queue.name)} has a delivery limit of ${queue.deliveryLimit}: reading a message by get and return counts as a delivery, so browsing could dead-letter or drop the messages it shows. Eventscope does not browse it.`;
  }
  return null;
}
