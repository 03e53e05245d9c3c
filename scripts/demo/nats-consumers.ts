// JetStream consumers of the demo: inventory (NakWithDelay, DLQ stream, term, MaxDeliver), billing-slow, analytics.
import { headers as natsHeaders, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type Consumer, type ConsumerMessages, type JetStreamClient, type JsMsg } from "@nats-io/jetstream";
import { PoisonError, TransientError, parseOrderCreated, parseOrderPaid } from "./events";
import { IdempotencyStore } from "./idempotency";
import { stats } from "./stats";
import { INVENTORY_EVENT_TYPE, processed } from "./processing-metrics";
import { TOPOLOGY, errorMessage, sleep, type DemoSettings } from "./settings";

/** NakWithDelay backoff: 250 ms, 500 ms, 1 s, ... */
export const nakDelayMs = (deliveryCount: number) => 250 * 2 ** (deliveryCount - 1);

/**
 * What inventory does with a poison message once its attempts are used up. Most go to the DLQ stream; some are
 * terminated (MSG_TERMINATED advisory) and some are left to hit MaxDeliver (MAX_DELIVERIES advisory), so the
 * console sees all three JetStream dead-letter paths.
 */
type PoisonStrategy = "dlq" | "term" | "maxdeliver";
const ROTATION: PoisonStrategy[] = ["dlq", "term", "dlq", "maxdeliver", "dlq"];

function versionAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? "");
  if (!m) return false;
  const [maj, min] = [Number(m[1]), Number(m[2])];
  return maj > major || (maj === major && min >= minor);
}

abstract class PullLoop {
  protected readonly abort = new AbortController();
  private running: Promise<void> | null = null;
  private current: ConsumerMessages | null = null;
  private lastErrorLog = 0;

  constructor(protected readonly log: (line: string) => void, private readonly label: string) {}

  protected abstract iteration(): Promise<void>;

  start(): void {
    this.running = (async () => {
      while (!this.abort.signal.aborted) {
        try {
          await this.iteration();
        } catch (error) {
          if (this.abort.signal.aborted) break;
          if (Date.now() - this.lastErrorLog > 10_000) {
            this.lastErrorLog = Date.now();
            this.log(`${this.label}: ${errorMessage(error)} (retrying)`);
          }
          await sleep(1000, this.abort.signal);
        }
      }
    })();
  }

  protected async fetchEach(consumer: Consumer, max: number, fn: (m: JsMsg) => Promise<void>): Promise<void> {
    // expires 10 s: the client then expects a heartbeat every 5 s and gives up after two missed ones; with
    // a 2 s expiry a busy 2-core machine trips "heartbeats missed" now and then.
    const batch = await consumer.fetch({ max_messages: max, expires: 10_000 });
    this.current = batch;
    try {
      for await (const m of batch) {
        await fn(m);
        if (this.abort.signal.aborted) break;
      }
    } finally {
      this.current = null;
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    try {
      this.current?.stop();
    } catch {
      // already closed
    }
    await this.running;
  }
}

export class NatsInventoryService extends PullLoop {
  private js: JetStreamClient;
  private consumer: Consumer | null = null;
  private readonly strategies = new Map<number, PoisonStrategy>();
  private turn = 0;
  private readonly termWithReason: boolean;

  constructor(
    private readonly nc: NatsConnection,
    private readonly store: IdempotencyStore,
    private readonly settings: DemoSettings,
    log: (line: string) => void,
  ) {
    super(log, "inventory (jetstream)");
    this.js = jetstream(nc);
    // `+TERM <reason>` is understood from nats-server 2.11 on; older servers ignore it (the message gets redelivered).
    this.termWithReason = versionAtLeast(nc.info?.version, 2, 11);
  }

  protected async iteration(): Promise<void> {
    this.consumer ??= await this.js.consumers.get(TOPOLOGY.nats.ordersStream, TOPOLOGY.nats.consumers.inventory);
    await this.fetchEach(this.consumer, 50, (m) => this.handle(m));
  }

  private strategyFor(seq: number, error: unknown): PoisonStrategy {
    if (!(error instanceof PoisonError)) return "dlq";
    let s = this.strategies.get(seq);
    if (!s) {
      s = ROTATION[this.turn++ % ROTATION.length]!;
      this.strategies.set(seq, s);
    }
    return s;
  }

  private async handle(m: JsMsg): Promise<void> {
    const attempt = m.info.deliveryCount;
    try {
      const event = parseOrderCreated(m.data);
      if (!(await this.store.claim(event.id, TOPOLOGY.nats.consumers.inventory))) {
        stats.natsInventory.inc("dup");
        processed.natsInventory.inc(INVENTORY_EVENT_TYPE, "duplicate");
        m.ack();
        return;
      }
      if (attempt === 1 && Math.random() < this.settings.transientRate) {
        await this.store.release(event.id).catch(() => {});
        throw new TransientError("inventory database timeout after 250 ms");
      }
      stats.natsInventory.inc("ok");
      processed.natsInventory.inc(INVENTORY_EVENT_TYPE, "success");
      m.ack();
    } catch (error) {
      processed.natsInventory.inc(INVENTORY_EVENT_TYPE, "failure");
      const strategy = this.strategyFor(m.seq, error);
      if (strategy === "term") {
        // Unrecoverable: tell the server to stop redelivering (a MSG_TERMINATED advisory is published).
        if (this.termWithReason) m.term(errorMessage(error));
        else m.term();
        this.strategies.delete(m.seq);
        stats.natsInventory.inc("term");
        return;
      }
      if (attempt < this.settings.maxAttempts) {
        m.nak(nakDelayMs(attempt));
        stats.natsInventory.inc("nak");
        return;
      }
      this.strategies.delete(m.seq);
      if (strategy === "maxdeliver") {
        // Let the server give up (MaxDeliver reached: a MAX_DELIVERIES advisory points at this stream sequence).
        m.nak(nakDelayMs(attempt));
        stats.natsInventory.inc("maxdeliver");
        return;
      }
      await this.deadLetter(m, error, attempt);
      m.ack();
      stats.natsInventory.inc("dlq");
    }
  }

  private async deadLetter(m: JsMsg, error: unknown, attempts: number): Promise<void> {
    const h = natsHeaders();
    if (m.headers) {
      for (const key of m.headers.keys()) {
        if (key.toLowerCase().startsWith("nats-")) continue;
        for (const value of m.headers.values(key)) h.append(key, value);
      }
    }
    h.set("x-original-topic", TOPOLOGY.nats.ordersStream);
    h.set("x-original-subject", m.subject);
    h.set("x-original-partition", "0");
    h.set("x-original-offset", String(m.seq));
    h.set("x-original-timestamp", m.time.toISOString());
    h.set("x-error", errorMessage(error));
    h.set("x-error-class", error instanceof PoisonError ? "poison" : error instanceof TransientError ? "transient" : "error");
    h.set("x-attempts", String(attempts));
    h.set("x-consumer-group", `${TOPOLOGY.nats.ordersStream}.${TOPOLOGY.nats.consumers.inventory}`);
    h.set("x-failed-at", new Date().toISOString());
    // msgID: a crash between this publish and the ack must not put the message in the DLQ twice.
    await this.js.publish(`dlq.${m.subject}`, m.data, {
      headers: h,
      msgID: `dlq-${TOPOLOGY.nats.ordersStream}-${m.seq}`,
    });
  }
}

export class NatsBillingSlow extends PullLoop {
  private js: JetStreamClient;
  private consumer: Consumer | null = null;

  constructor(
    nc: NatsConnection,
    private readonly store: IdempotencyStore,
    private readonly settings: DemoSettings,
    log: (line: string) => void,
  ) {
    super(log, "billing-slow (jetstream)");
    this.js = jetstream(nc);
  }

  protected async iteration(): Promise<void> {
    this.consumer ??= await this.js.consumers.get(TOPOLOGY.nats.ordersStream, TOPOLOGY.nats.consumers.billingSlow);
    const started = Date.now();
    await this.fetchEach(this.consumer, 1, async (m) => {
      try {
        const event = parseOrderPaid(m.data);
        if (await this.store.claim(event.id, TOPOLOGY.nats.consumers.billingSlow)) stats.billingSlow.inc("nats");
        else stats.billingSlow.inc("dup");
        m.ack();
      } catch (error) {
        if (!(error instanceof PoisonError)) throw error;
        stats.billingSlow.inc("bad");
        m.term();
      }
    });
    await sleep(Math.max(0, 1000 / this.settings.slowRate - (Date.now() - started)), this.abort.signal);
  }
}

/**
 * analytics: acknowledges half of what is pending once, then never again. Only when the durable has never
 * delivered anything, so later runs leave it where it stopped.
 */
export async function runNatsAnalyticsOnce(nc: NatsConnection, log: (line: string) => void, signal: AbortSignal): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const stream = TOPOLOGY.nats.ordersStream;
  const name = TOPOLOGY.nats.consumers.analytics;
  const info = await jsm.consumers.info(stream, name);
  if (info.delivered.stream_seq > 0 || info.ack_floor.stream_seq > 0) {
    stats.analytics.nats = "stopped(earlier)";
    log(`analytics (jetstream): already stopped at stream seq ${info.ack_floor.stream_seq}; left alone`);
    return;
  }
  const want = Math.min(500, Math.floor(info.num_pending / 2));
  stats.analytics.nats = "consuming";
  const consumer = await jetstream(nc).consumers.get(stream, name);
  let acked = 0;
  let lastSeq = 0;
  while (acked < want && !signal.aborted) {
    const batch = await consumer.fetch({ max_messages: Math.min(100, want - acked), expires: 2000 });
    let got = 0;
    for await (const m of batch) {
      got += 1;
      lastSeq = m.seq;
      await m.ackAck();
      acked += 1;
    }
    if (got === 0) break;
  }
  stats.analytics.nats = `stopped@${acked}`;
  log(`analytics (jetstream): acknowledged ${acked} messages (up to stream seq ${lastSeq}), stopped for good`);
}
