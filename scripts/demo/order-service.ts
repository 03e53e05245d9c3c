// The order service: publishes order.created and order.paid events at a steady rate to Kafka and JetStream,
// with a few poison messages and duplicates mixed in.
import { DemoOutbox } from "./outbox-relay";
import { Partitioners, type Kafka, type Message, type Producer } from "kafkajs";
import { headers as natsHeaders, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, type JetStreamClient } from "@nats-io/jetstream";
import {
  OrderIds,
  RecentEvents,
  encode,
  orderCreated,
  orderPaid,
  poisonOrderCreated,
  type Outgoing,
} from "./events";
import { stats } from "./stats";
import { TOPOLOGY, errorMessage, type DemoSettings } from "./settings";

const TICK_MS = 200;
/** After a stall (broker away), catch up at most this much backlog, not the whole gap. */
const MAX_CATCH_UP_SECONDS = 5;

class Stream {
  private sent = 0;
  private readonly recent = new RecentEvents();
  constructor(
    readonly kind: "created" | "paid",
    private readonly settings: DemoSettings,
    private readonly ids: OrderIds,
    private readonly paidFor: () => string | null,
    readonly onValid: (o: Outgoing) => void = () => {},
  ) {}

  /** The events due since the start, given the rate. */
  due(elapsedMs: number): Outgoing[] {
    const target = Math.floor((elapsedMs / 1000) * this.settings.rate);
    if (target - this.sent > this.settings.rate * MAX_CATCH_UP_SECONDS) {
      this.sent = target - Math.ceil(this.settings.rate * MAX_CATCH_UP_SECONDS);
    }
    const out: Outgoing[] = [];
    while (this.sent < target) {
      this.sent += 1;
      out.push(this.nextEvent());
    }
    return out;
  }

  private nextEvent(): Outgoing {
    const r = Math.random();
    if (this.kind === "created" && r < this.settings.poisonRate) {
      stats.producer.inc("poison");
      return poisonOrderCreated(this.ids.next());
    }
    if (r < this.settings.poisonRate + this.settings.duplicateRate) {
      const dup = this.recent.duplicate();
      if (dup) {
        stats.producer.inc("dup");
        return dup;
      }
    }
    const o =
      this.kind === "created" ? encode(orderCreated(this.ids.next())) : encode(orderPaid(this.paidFor() ?? this.ids.next()));
    this.recent.remember(o);
    this.onValid(o);
    return o;
  }
}

export class OrderService {
  private producer: Producer;
  /** The transactional outbox the Kafka events go through (DEMO_OUTBOX=0, or no PostgreSQL: sent directly). */
  private outbox: DemoOutbox | null = null;
  private js: JetStreamClient;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private startedAt = 0;
  private lastErrorLog = 0;
  private readonly ids = new OrderIds();
  private readonly createdKafkaOrders: string[] = [];
  private readonly createdNatsOrders: string[] = [];
  private readonly streams: { kafkaCreated: Stream; kafkaPaid: Stream; natsCreated: Stream; natsPaid: Stream };

  constructor(
    kafka: Kafka,
    nc: NatsConnection,
    private readonly settings: DemoSettings,
    private readonly log: (line: string) => void,
  ) {
    this.producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    this.js = jetstream(nc);
    const keep = (list: string[]) => (o: Outgoing) => {
      if (o.key) list.push(o.key);
      if (list.length > 200) list.splice(0, list.length - 200);
    };
    const takeFrom = (list: string[]) => () => list.shift() ?? null;
    this.streams = {
      kafkaCreated: new Stream("created", settings, this.ids, () => null, keep(this.createdKafkaOrders)),
      kafkaPaid: new Stream("paid", settings, this.ids, takeFrom(this.createdKafkaOrders)),
      natsCreated: new Stream("created", settings, this.ids, () => null, keep(this.createdNatsOrders)),
      natsPaid: new Stream("paid", settings, this.ids, takeFrom(this.createdNatsOrders)),
    };
  }

  async start(): Promise<void> {
    await this.producer.connect();
    if (process.env.DEMO_OUTBOX !== "0") {
      const outbox = new DemoOutbox(this.producer, this.log);
      try {
        await outbox.start();
        this.outbox = outbox;
      } catch (error) {
        await outbox.stop();
        this.log(`order-service: no outbox (${errorMessage(error)}); Kafka events are sent directly`);
      }
    }
    this.startedAt = Date.now();
    if (this.settings.rate <= 0) {
      this.log("order-service: DEMO_RATE=0, publishing nothing");
      return;
    }
    this.timer = setInterval(() => void this.tick(), TICK_MS);
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const elapsed = Date.now() - this.startedAt;
    try {
      const kCreated = this.streams.kafkaCreated.due(elapsed);
      const kPaid = this.streams.kafkaPaid.due(elapsed);
      const nCreated = this.streams.natsCreated.due(elapsed);
      const nPaid = this.streams.natsPaid.due(elapsed);
      await Promise.all([this.sendKafka(kCreated, kPaid), this.sendNats(nCreated, nPaid)]);
    } finally {
      this.busy = false;
    }
  }

  private failed(where: string, error: unknown, count: number) {
    stats.producer.inc("errors", count);
    if (Date.now() - this.lastErrorLog > 10_000) {
      this.lastErrorLog = Date.now();
      this.log(`order-service: ${where} publish failed (${count} events lost): ${errorMessage(error)}`);
    }
  }

  private async sendKafka(created: Outgoing[], paid: Outgoing[]): Promise<void> {
    if (created.length + paid.length === 0) return;
    const toMessage = (o: Outgoing): Message => ({ key: o.key, value: o.value, headers: o.headers });
    if (this.outbox) {
      try {
        const rows = (topic: string) => (o: Outgoing) => ({ id: o.id, topic, key: o.key, value: o.value, headers: o.headers });
        await this.outbox.write([...created.map(rows(TOPOLOGY.kafka.ordersCreated)), ...paid.map(rows(TOPOLOGY.kafka.orderPaid))]);
        stats.producer.inc("kafka", created.length + paid.length);
      } catch (error) {
        this.failed("outbox", error, created.length + paid.length);
      }
      return;
    }
    try {
      await this.producer.sendBatch({
        topicMessages: [
          { topic: TOPOLOGY.kafka.ordersCreated, messages: created.map(toMessage) },
          { topic: TOPOLOGY.kafka.orderPaid, messages: paid.map(toMessage) },
        ].filter((t) => t.messages.length > 0),
      });
      stats.producer.inc("kafka", created.length + paid.length);
    } catch (error) {
      this.failed("kafka", error, created.length + paid.length);
    }
  }

  private async sendNats(created: Outgoing[], paid: Outgoing[]): Promise<void> {
    const all = [
      ...created.map((o) => ({ subject: TOPOLOGY.nats.ordersCreatedSubject, o })),
      ...paid.map((o) => ({ subject: TOPOLOGY.nats.orderPaidSubject, o })),
    ];
    if (all.length === 0) return;
    // No Nats-Msg-Id on purpose: the duplicates must reach the consumers, whose idempotency check skips them.
    const results = await Promise.allSettled(
      all.map(({ subject, o }) => {
        const h = natsHeaders();
        for (const [k, v] of Object.entries(o.headers)) h.set(k, v);
        if (o.key) h.set("x-order-id", o.key);
        return this.js.publish(subject, o.value, { headers: h });
      }),
    );
    const ok = results.filter((r) => r.status === "fulfilled").length;
    stats.producer.inc("nats", ok);
    const firstError = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (firstError) this.failed("jetstream", firstError.reason, results.length - ok);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (let i = 0; i < 50 && this.busy; i++) await new Promise((r) => setTimeout(r, 100));
    await this.outbox?.stop();
    await this.producer.disconnect().catch(() => {});
  }
}
