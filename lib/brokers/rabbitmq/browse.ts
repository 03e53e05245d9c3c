import "server-only";
import type { Channel, ConsumeMessage, GetMessage } from "amqplib";
import { DomainError } from "@/lib/errors";
import { browseNotice, browseRefusal, type BrowseMethod } from "./browse-notice";
import type { RabbitQueue } from "./queue-rows";

// Reading a queue's messages without taking them away.
// - classic (and quorum without a delivery limit): basic.get without auto-ack, then every message is
//   returned (basic.nack, requeue) in delivery order on the same channel. RabbitMQ puts them back at
//   their place; they come back marked `redelivered`, and a quorum queue counts one more delivery.
// - quorum with a delivery limit: refused (a return counts toward the limit: a browse could
//   dead-letter or drop the very messages it shows).
// - stream: a consumer from an offset (x-stream-offset); reading a stream takes nothing away.

export interface BrowsedMessage {
  /** Position in the queue at read time (0 = head), or the stream offset. */
  position: number;
  redelivered: boolean;
  exchange: string;
  routingKey: string;
  properties: GetMessage["properties"];
  content: Buffer;
}

export interface BrowseRequest {
  /** First position (stream: offset) to return; earlier messages are read and returned, not shown. */
  from: number;
  limit: number;
}

export interface BrowseResult {
  messages: BrowsedMessage[];
  method: BrowseMethod;
  notice: string;
  /** Where the next page starts; absent when the end was reached. */
  next?: number;
}

/** Messages held back at once by a get-and-return browse: they are invisible to consumers meanwhile. */
export const MAX_BROWSE_DEPTH = 2_000;
/** A stream read waits this long for the next message before taking the end as reached. */
const STREAM_IDLE_MS = 400;
const STREAM_MAX_MS = 5_000;

export async function browseQueue(channel: Channel, queue: RabbitQueue, request: BrowseRequest): Promise<BrowseResult> {
  const refusal = browseRefusal(queue);
  if (refusal) throw new DomainError("unsupported", refusal);
  if (queue.type === "stream") return browseStream(channel, queue, request);
  return browseByGet(channel, queue, request);
}

async function browseByGet(channel: Channel, queue: RabbitQueue, { from, limit }: BrowseRequest): Promise<BrowseResult> {
  if (from + limit > MAX_BROWSE_DEPTH) {
    throw new DomainError("invalid-input", `from: a browse reads at most ${MAX_BROWSE_DEPTH} messages deep (from + limit); every message above the page is taken and put back`, { field: "from" });
  }
  const messages: BrowsedMessage[] = [];
  let taken = 0;
  let reachedEnd = false;
  // On a failure part way, the channel's close (by the caller) returns whatever is still unacknowledged.
  while (taken < from + limit) {
    const message = await channel.get(queue.name, { noAck: false });
    if (message === false) {
      reachedEnd = true;
      break;
    }
    if (taken >= from) messages.push(toBrowsed(message, taken));
    taken++;
  }
  // One nack for all, in delivery-tag order: they go back where they were.
  if (taken > 0) channel.nackAll(true);
  const method: BrowseMethod = queue.type === "quorum" ? "quorum-get-return" : "get-requeue";
  return { messages, method, notice: browseNotice(method), next: reachedEnd ? undefined : from + messages.length };
}

async function browseStream(channel: Channel, queue: RabbitQueue, { from, limit }: BrowseRequest): Promise<BrowseResult> {
  const messages: BrowsedMessage[] = [];
  await channel.prefetch(Math.max(1, Math.min(limit, 1_000)));
  let consumerTag: string | undefined;
  await new Promise<void>((resolve, reject) => {
    let idle: NodeJS.Timeout | undefined;
    const overall = setTimeout(finish, STREAM_MAX_MS);
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(finish, STREAM_IDLE_MS * (messages.length ? 1 : 3));
    };
    function finish() {
      clearTimeout(idle);
      clearTimeout(overall);
      resolve();
    }
    channel
      .consume(
        queue.name,
        (message: ConsumeMessage | null) => {
          if (message === null) return finish(); // the broker cancelled the consumer (queue deleted)
          channel.ack(message);
          const offset = streamOffset(message);
          if (offset !== null && offset < from) return armIdle();
          if (messages.length < limit) messages.push(toBrowsed(message, offset ?? from + messages.length));
          if (messages.length >= limit) finish();
          else armIdle();
        },
        { noAck: false, arguments: { "x-stream-offset": from } },
      )
      .then((reply) => {
        consumerTag = reply.consumerTag;
        armIdle();
      }, reject);
  });
  if (consumerTag) await channel.cancel(consumerTag).catch(() => undefined);
  const last = messages.at(-1);
  return {
    messages,
    method: "stream-offset",
    notice: browseNotice("stream-offset"),
    next: messages.length >= limit && last ? last.position + 1 : undefined,
  };
}

function streamOffset(message: ConsumeMessage): number | null {
  const raw = message.properties.headers?.["x-stream-offset"];
  const value = typeof raw === "object" && raw !== null && "value" in raw ? (raw as { value: unknown }).value : raw;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function toBrowsed(message: GetMessage | ConsumeMessage, position: number): BrowsedMessage {
  return {
    position,
    redelivered: message.fields.redelivered,
    exchange: message.fields.exchange,
    routingKey: message.fields.routingKey,
    properties: message.properties,
    content: message.content,
  };
}
