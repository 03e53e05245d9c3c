// The Redis Streams flow of the demo, in the seeds' style ("Redis Streams: consumer groups and ACK, for
// teams that already run Redis"): an order producer XADDs to `orders`; group `fulfilment` has a
// healthy worker that acks what it can process and reclaims (XAUTOCLAIM) what was left idle, and a
// worker that crashes after reading a batch, leaving its entries pending; a janitor, as teams write
// their own, moves entries delivered `maxAttempts` times or more to `orders:dlq` (XADD with where they
// came from, then XACK, in one MULTI). Poison entries (broken JSON) are never acked, so they come back
// until the janitor takes them.
import Redis from "ioredis";
import { encode, orderCreated, OrderIds, poisonOrderCreated } from "./events";
import { redisStreamsStats } from "./stats";
import { errorMessage, sleep, type DemoSettings } from "./settings";

export interface RedisStreamsDemoOptions {
  stream: string;
  group: string;
  /** Entries idle this long are reclaimed by the healthy worker (each reclaim is a delivery). */
  reclaimIdleMs: number;
  /** The crashing worker reads a batch and "crashes" this often. */
  crashEveryMs: number;
  janitorEveryMs: number;
}

export const REDIS_STREAMS_DEMO: RedisStreamsDemoOptions = {
  stream: process.env.DEMO_REDIS_STREAM || "orders",
  group: "fulfilment",
  reclaimIdleMs: 20_000,
  crashEveryMs: 45_000,
  janitorEveryMs: 10_000,
};

function isPoison(fields: string[]): boolean {
  const at = fields.indexOf("order");
  try {
    const event = JSON.parse(fields[at + 1] ?? "") as { data?: { order_id?: unknown } };
    return typeof event?.data?.order_id !== "string";
  } catch {
    return true;
  }
}

export class RedisStreamsDemo {
  private readonly producer: Redis;
  private readonly worker: Redis;
  private readonly crashy: Redis;
  private readonly abort = new AbortController();
  private readonly loops: Promise<void>[] = [];
  readonly dlq: string;

  constructor(
    redisUrl: string,
    private readonly settings: Pick<DemoSettings, "rate" | "poisonRate" | "maxAttempts">,
    private readonly log: (line: string) => void,
    private readonly options: RedisStreamsDemoOptions = REDIS_STREAMS_DEMO,
  ) {
    this.producer = new Redis(redisUrl);
    this.worker = new Redis(redisUrl);
    this.crashy = new Redis(redisUrl);
    this.dlq = `${options.stream}:dlq`;
  }

  async start(): Promise<void> {
    try {
      await this.producer.xgroup("CREATE", this.options.stream, this.options.group, "$", "MKSTREAM");
    } catch (error) {
      if (!/BUSYGROUP/.test(errorMessage(error))) throw error;
    }
    const signal = this.abort.signal;
    this.loops.push(this.run("producer", () => this.produce(), 1000, signal));
    this.loops.push(this.run("worker-1", () => this.consume(), 0, signal));
    this.loops.push(this.run("worker-1 reclaim", () => this.reclaim(), 5_000, signal));
    this.loops.push(this.run("worker-2", () => this.crashOnce(), this.options.crashEveryMs, signal));
    this.loops.push(this.run("janitor", () => this.janitor(), this.options.janitorEveryMs, signal));
    this.log(`redis streams: producing to ${this.options.stream}, group ${this.options.group}, janitor moves entries delivered ${this.settings.maxAttempts}+ times to ${this.dlq}`);
  }

  private async run(name: string, step: () => Promise<void>, pauseMs: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await step();
      } catch (error) {
        if (signal.aborted) return;
        redisStreamsStats.inc("errors");
        this.log(`redis streams ${name}: ${errorMessage(error)}`);
        await sleep(1000, signal);
      }
      if (pauseMs > 0) await sleep(pauseMs, signal);
    }
  }

  private readonly ids = new OrderIds();

  private async produce(): Promise<void> {
    const pipeline = this.producer.pipeline();
    for (let i = 0; i < Math.max(1, Math.round(this.settings.rate)); i++) {
      const orderId = this.ids.next();
      const poison = Math.random() < this.settings.poisonRate;
      const outgoing = poison ? poisonOrderCreated(orderId) : encode(orderCreated(orderId));
      pipeline.xadd(this.options.stream, "MAXLEN", "~", 100_000, "*", "order", outgoing.value, "x-event-id", outgoing.id ?? orderId);
      redisStreamsStats.inc(poison ? "poison" : "produced");
    }
    await pipeline.exec();
  }

  /** Acks what parses; a poison entry stays pending (and comes back through reclaim). */
  private async handle(entries: [string, string[]][]): Promise<void> {
    const good = entries.filter(([, fields]) => !isPoison(fields)).map(([id]) => id);
    if (good.length) {
      await this.worker.xack(this.options.stream, this.options.group, ...good);
      redisStreamsStats.inc("acked", good.length);
    }
  }

  private async consume(): Promise<void> {
    const reply = (await this.worker.xreadgroup("GROUP", this.options.group, "worker-1", "COUNT", 50, "BLOCK", 1000, "STREAMS", this.options.stream, ">")) as
      | [string, [string, string[]][]][]
      | null;
    if (reply?.[0]) await this.handle(reply[0][1]);
  }

  /** XAUTOCLAIM: entries idle long enough (a crashed worker's, poison ones) are delivered to worker-1 again. */
  private async reclaim(): Promise<void> {
    let cursor = "0-0";
    do {
      const [next, entries] = (await this.worker.xautoclaim(this.options.stream, this.options.group, "worker-1", this.options.reclaimIdleMs, cursor, "COUNT", 100)) as [
        string,
        [string, string[] | null][],
      ];
      const live = entries.filter((e): e is [string, string[]] => Array.isArray(e[1]));
      redisStreamsStats.inc("reclaimed", live.length);
      await this.handle(live);
      cursor = next;
    } while (cursor !== "0-0" && !this.abort.signal.aborted);
  }

  /**
   * Reads a batch and "crashes": never acks it. It waits for new entries (BLOCK) like worker-1 does:
   * Redis hands new entries to blocked readers in turn, so it gets its share.
   */
  private async crashOnce(): Promise<void> {
    const reply = (await this.crashy.xreadgroup("GROUP", this.options.group, "worker-2", "COUNT", 20, "BLOCK", 5_000, "STREAMS", this.options.stream, ">")) as [string, [string, string[]][]][] | null;
    const left = reply?.[0]?.[1].length ?? 0;
    if (left) {
      redisStreamsStats.inc("crashLeft", left);
      this.log(`redis streams worker-2 crashed holding ${left} entries (pending until worker-1 reclaims them)`);
    }
  }

  /** The team's own janitor: entries delivered maxAttempts times or more go to the dead-letter stream. */
  private async janitor(): Promise<void> {
    const pending = (await this.producer.xpending(this.options.stream, this.options.group, "-", "+", 1000)) as [string, string, number, number][];
    for (const [id, consumer, , deliveries] of pending) {
      if (deliveries < this.settings.maxAttempts) continue;
      const [entry] = await this.producer.xrange(this.options.stream, id, id);
      const fields = entry?.[1] ?? [];
      const result = await this.producer
        .multi()
        .xadd(this.dlq, "*", ...fields, "x-original-topic", this.options.stream, "x-original-id", id, "x-original-group", this.options.group, "x-original-consumer", consumer, "x-attempts", String(deliveries), "x-error", `poison: delivered ${deliveries} times`)
        .xack(this.options.stream, this.options.group, id)
        .exec();
      // (A MULTI cannot re-check that the entry is still pending: an ack in between would copy an
      // entry that was processed. The console's own dead-letter job checks inside a Lua script.)
      if (result?.every(([error]) => !error)) redisStreamsStats.inc("deadLettered");
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    // Disconnecting ends the blocked reads at once (a MULTI in flight is applied whole or not at all).
    for (const client of [this.producer, this.worker, this.crashy]) client.disconnect();
    await Promise.allSettled(this.loops);
  }
}
