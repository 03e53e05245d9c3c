import "server-only";
import { randomBytes } from "node:crypto";
import { DeliverPolicy, type StreamInfo } from "@nats-io/jetstream";
import { invalidInput } from "@/lib/errors";
import type { ScanMessagesRequest, ScanMessagesResult, ScannedMessage } from "../types";
import type { NatsClients } from "./nats-client";
import { READER_PREFIX, firstSequenceAtOrAfter, headersToBuffers, readStreamMessages } from "./nats-streams";

// Server-side search over a stream: one ephemeral ordered consumer (no acks, deleted at the end, and
// by the server after inactivity in any case) streaming from the start sequence, with big pull
// batches. If the server refuses an ordered consumer, pages are read the way the browser reads them.
const PULL_BATCH = 5_000;
/** No message for this long while the stream still had some to give: stop (deleted tail, stalled server). */
const IDLE_MS = 3_000;
const CHECK_EVERY_MS = 250;
const FALLBACK_PAGE = 500;
const NO_HEADERS: Record<string, Buffer> = Object.freeze({}) as Record<string, Buffer>;

export async function scanStreamMessages(clients: NatsClients, info: StreamInfo, request: ScanMessagesRequest): Promise<ScanMessagesResult> {
  const stream = info.config.name;
  const { first_seq: first, last_seq: last, messages: count } = info.state;
  let start: number;
  if (request.resume) {
    const position = request.resume.find((candidate) => candidate.partition === 0);
    if (!position || request.resume.length !== 1) throw invalidInput("cursor", `stream "${stream}" has only partition 0`);
    start = Math.max(position.offset, first);
  } else {
    if (request.partition !== undefined && request.partition !== 0) throw invalidInput("partition", `stream "${stream}" has only partition 0`);
    if (count === 0) return { remaining: [] };
    start = request.since ? await firstSequenceAtOrAfter(clients, stream, first, last, request.since) : Math.max(request.from ?? first, first);
  }
  if (count === 0 || start > last) return { remaining: [] };

  const reached = await scanWithOrderedConsumer(clients, stream, start, last, request);
  const next = reached ?? (await scanWithPages(clients, info, start, last, request));
  return { remaining: next <= last ? [{ partition: 0, offset: next }] : [] };
}

/** The next sequence not looked at; null when the server would not give an ordered consumer. */
async function scanWithOrderedConsumer(
  clients: NatsClients,
  stream: string,
  start: number,
  last: number,
  request: ScanMessagesRequest,
): Promise<number | null> {
  let consumer;
  try {
    const prefix = `${READER_PREFIX}_${randomBytes(6).toString("hex")}`;
    consumer = await clients.js.consumers.get(stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start, name_prefix: prefix });
  } catch {
    return null;
  }
  let next = start;
  let lastSeen = Date.now();
  let idle = false;
  const messages = await consumer.consume({ max_messages: PULL_BATCH });
  const watchdog = setInterval(() => {
    idle = Date.now() - lastSeen > IDLE_MS;
    if (idle || request.shouldStop()) void messages.close();
  }, CHECK_EVERY_MS);
  try {
    for await (const message of messages) {
      lastSeen = Date.now();
      const seq = message.seq;
      if (seq > last) break;
      next = seq + 1;
      const view: ScannedMessage = {
        partition: 0,
        offset: seq,
        timestampMs: Math.floor(message.info.timestampNanos / 1_000_000),
        key: null,
        value: Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength),
        headers: message.headers ? headersToBuffers(message.headers) : NO_HEADERS,
        subject: message.subject,
      };
      if (request.visit(view) || seq >= last) break;
      // Nothing after this one: the rest up to last_seq was deleted, so the scan is complete.
      if (message.info.pending === 0) {
        next = last + 1;
        break;
      }
    }
    // Silence from the server: when it has nothing left for this consumer, the tail was deleted.
    if (idle) {
      const pending = await consumer.info(true).then((info) => info.num_pending, () => null);
      if (pending === 0) next = last + 1;
    }
  } finally {
    clearInterval(watchdog);
    await messages.close().catch(() => undefined);
    await consumer.delete().catch(() => undefined);
  }
  return next;
}

/** Fallback: pages of the browser's read (direct gets), visited in order. */
async function scanWithPages(clients: NatsClients, info: StreamInfo, start: number, last: number, request: ScanMessagesRequest): Promise<number> {
  let next = start;
  while (next <= last && !request.shouldStop()) {
    const page = await readStreamMessages(clients, info, { from: next, limit: FALLBACK_PAGE });
    for (const message of page.messages) {
      if (message.offset > last) return last + 1;
      next = message.offset + 1;
      const stop = request.visit({ ...message, timestampMs: Date.parse(message.timestamp) });
      if (stop) return next;
    }
    next = page.next ? Math.max(next, page.next.offset) : last + 1;
  }
  return next;
}
