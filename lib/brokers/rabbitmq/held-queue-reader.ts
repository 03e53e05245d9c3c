import "server-only";
import type { Channel, ConsumeMessage } from "amqplib";
import { txCommit, txRollback, txSelect } from "./amqp-tx";
import type { HeldReader, OutgoingCopy } from "../delivery";
import type { RawMessage } from "../types";
import { DomainError, brokerRefused, brokerUnavailable } from "@/lib/errors";
import { headersToBuffers } from "./amqp-values";
import type { QueueRef } from "./rabbitmq-names";
import { describeRoute, parseRoute, type RabbitRoute } from "./stable-id";

// Reads a DLQ for a requeue by consuming it, and sends the chosen messages home in AMQP transactions.
//
// Why a transaction and not publisher confirms: a transaction makes the copies' publishes and the
// acks that remove their DLQ messages ONE step at the broker (tx.commit). A console killed before the
// commit reached RabbitMQ leaves nothing published and every DLQ message back in its queue (its
// connection closes, its unacknowledged messages return); killed after, both happened. So after a
// crash the DLQ itself says what was sent: a claimed message still in the DLQ was not sent, a claimed
// message gone was (rabbitmq-delivery.ts, settle). With confirms the publish and the ack are two
// steps, and a crash between the broker taking the publish and the console recording its confirm
// sends the message twice on resume. tx.commit-ok is the broker's confirmation: like a confirm, it is
// sent once the messages are enqueued (and, persistent to durable queues, written to disk).
//
// Messages the job does not take (not selected, already handled) stay unacknowledged on the channel
// until the job ends and then go back to the queue: RabbitMQ puts a returned message of a classic
// queue back at its place; they come back marked redelivered, and on a quorum queue each return
// counts as a delivery. Meanwhile other consumers of the DLQ do not see them.

/** The most unacknowledged messages a channel may hold (AMQP's prefetch count is 16 bits). */
export const MAX_HELD = 65_535;
/** The end is taken as reached when nothing arrives for this long (the rest is held elsewhere). */
const IDLE_MS = 1_500;

export interface HeldReaderOptions {
  queue: QueueRef;
  /** The message's stable id (stable-id.ts). */
  idOf(message: ConsumeMessage): string;
  toRaw(message: ConsumeMessage, position: number): RawMessage;
  /** The channel, opened in the queue's vhost. */
  open(): Promise<Channel>;
}

export class HeldQueueReader implements HeldReader {
  private channel: Channel | undefined;
  private opening: Promise<Channel> | undefined;
  private readonly arrived: ConsumeMessage[] = [];
  /** Delivered and not acknowledged, by stable id (twins sharing an id in arrival order). */
  private readonly held = new Map<string, ConsumeMessage[]>();
  private heldCount = 0;
  private received = 0;
  private expected = 0;
  private ended = false;
  private broken: unknown;
  private wake: (() => void) | undefined;
  private window = 0;
  private lastArrival = Date.now();

  constructor(private readonly options: HeldReaderOptions) {}

  private async start(): Promise<Channel> {
    const channel = await this.options.open();
    channel.on("close", () => {
      // Whatever was held went back to the queue with the channel: this reader is spent.
      this.broken ??= brokerUnavailable(`RabbitMQ closed the channel reading ${this.options.queue.queue}`);
      this.wake?.();
    });
    await txSelect(channel);
    // Messages present now: the pass ends once that many arrived (later dead letters may ride along).
    this.expected = (await channel.checkQueue(this.options.queue.queue)).messageCount;
    if (this.expected === 0) this.ended = true;
    await this.widen(channel, 2_000);
    await channel.consume(
      this.options.queue.queue,
      (message) => {
        if (message === null) {
          this.ended = true; // the queue was deleted: the broker cancelled the consumer
        } else {
          this.arrived.push(message);
          const id = this.options.idOf(message);
          const twins = this.held.get(id);
          if (twins) twins.push(message);
          else this.held.set(id, [message]);
          this.heldCount++;
          this.received++;
          this.lastArrival = Date.now();
          if (this.received >= this.expected) this.ended = true;
        }
        this.wake?.();
      },
      { noAck: false },
    );
    this.channel = channel;
    return channel;
  }

  private live(): Promise<Channel> {
    if (this.broken) return Promise.reject(this.broken);
    this.opening ??= this.start();
    return this.opening;
  }

  /**
   * Held messages count against the prefetch: the channel-wide limit (global qos, which RabbitMQ
   * applies at once) is kept at what is held plus room for the next turns.
   */
  private async widen(channel: Channel, room: number): Promise<void> {
    const wanted = Math.min(MAX_HELD, this.heldCount + Math.max(room, 2_000));
    if (wanted === this.window) return;
    this.window = wanted;
    await channel.prefetch(wanted, true);
  }

  async next(limit: number): Promise<RawMessage[]> {
    const channel = await this.live();
    await this.widen(channel, limit * 2);
    this.lastArrival = Date.now();
    while (this.arrived.length < limit && !this.ended && !this.broken) {
      const idleFor = Date.now() - this.lastArrival;
      if (idleFor >= IDLE_MS) break; // the rest is held by other consumers, or our window is full
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, IDLE_MS - idleFor);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    if (this.broken) throw this.broken;
    const taken = this.arrived.splice(0, limit);
    if (taken.length === 0) this.ended = true;
    const first = this.received - this.arrived.length - taken.length;
    return taken.map((message, index) => this.options.toRaw(message, first + index));
  }

  /**
   * Publishes the copies and acknowledges their DLQ messages in one transaction. A copy RabbitMQ
   * cannot route (mandatory: returned) rolls the whole transaction back: nothing is sent, nothing
   * removed, and the job fails saying why.
   */
  async send(copies: OutgoingCopy[], publishTo: (copy: OutgoingCopy) => RabbitRoute): Promise<void> {
    const channel = await this.live();
    const returned: string[] = [];
    const onReturn = (message: { fields: { exchange: string; routingKey: string } }) => returned.push(describeRoute(message.fields));
    channel.on("return", onReturn);
    try {
      const acked: { id: string; message: ConsumeMessage }[] = [];
      for (const copy of copies) {
        const id = copy.source?.id;
        const message = id === undefined ? undefined : this.held.get(id)?.[0];
        if (!id || !message) throw new DomainError("broker-refused", `the DLQ message ${id ?? "(none)"} is not held by this requeue: nothing of this batch was sent`);
        const route = publishTo(copy);
        channel.publish(route.exchange, route.routingKey, bodyOf(copy.request.value), { ...propertiesOf(message), headers: headersOf(message, copy.request.headers), mandatory: true });
        channel.ack(message);
        acked.push({ id, message });
      }
      // A round trip on the channel: RabbitMQ answers it after it has routed every publish above, so
      // any basic.return for them has arrived by then.
      await channel.prefetch(this.window, true);
      if (returned.length > 0) {
        await txRollback(channel);
        throw brokerRefused(`RabbitMQ could not route ${returned.length} of ${copies.length} copies (${returned[0]}: no queue is bound for it, or it was deleted): nothing of this batch was sent`);
      }
      await txCommit(channel);
      for (const { id, message } of acked) {
        const twins = this.held.get(id)!;
        twins.splice(twins.indexOf(message), 1);
        if (twins.length === 0) this.held.delete(id);
        this.heldCount--;
      }
    } finally {
      channel.off("return", onReturn);
    }
  }

  /** Gives every held message back to the queue (closing the channel returns them, in order). */
  async close(): Promise<void> {
    this.broken ??= new DomainError("broker-unavailable", "the requeue's DLQ reader was closed");
    const channel = this.channel ?? (await this.opening?.catch(() => undefined));
    this.channel = undefined;
    if (channel) await channel.close().catch(() => undefined);
  }
}

function bodyOf(value: string | Buffer | null): Buffer {
  if (value === null) return Buffer.alloc(0);
  return Buffer.isBuffer(value) ? value : Buffer.from(value);
}

/** The original's properties, as a publish takes them. user-id is left out: RabbitMQ refuses one that is not the publisher's. */
function propertiesOf(message: ConsumeMessage) {
  const { contentType, contentEncoding, deliveryMode, priority, correlationId, replyTo, expiration, messageId, timestamp, type, appId } = message.properties;
  const given = { contentType, contentEncoding, deliveryMode, priority, correlationId, replyTo, expiration, messageId, timestamp, type, appId };
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined && value !== null));
}

/**
 * The copy's headers: those the job kept of the original keep their AMQP types (x-death stays a
 * table RabbitMQ can add to if the message dies again); those the job set or changed are strings.
 */
function headersOf(message: ConsumeMessage, wanted: Record<string, string | Buffer> | undefined): Record<string, unknown> {
  const original = message.properties.headers ?? {};
  const asBytes = headersToBuffers(original);
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(wanted ?? {})) {
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, "utf8");
    headers[name] = name in original && asBytes[name].equals(bytes) ? original[name] : bytes.toString("utf8");
  }
  return headers;
}

/** The route a copy without one takes: the default exchange, routed by queue name. */
export function toQueueRoute(queue: QueueRef): RabbitRoute {
  return { vhost: queue.vhost, exchange: "", routingKey: queue.queue };
}
export { parseRoute };
