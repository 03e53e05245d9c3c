// Counters of the demo services and the one status line they print every few seconds.

export class Counters<K extends string> {
  private readonly values = new Map<K, number>();
  constructor(readonly name: string, private readonly keys: readonly K[]) {
    for (const k of keys) this.values.set(k, 0);
  }
  inc(key: K, by = 1) {
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  get(key: K): number {
    return this.values.get(key) ?? 0;
  }
  toString(): string {
    return `${this.name} ${this.keys.map((k) => `${k}=${this.get(k)}`).join(" ")}`;
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.keys.map((k) => [k, this.get(k)]));
  }
}

export const stats = {
  producer: new Counters("produced", ["kafka", "nats", "poison", "dup", "errors"] as const),
  kafkaInventory: new Counters("k.inventory", ["ok", "dup", "retried", "dlq", "errors"] as const),
  natsInventory: new Counters("js.inventory", ["ok", "dup", "nak", "dlq", "term", "maxdeliver", "errors"] as const),
  billingSlow: new Counters("billing-slow", ["kafka", "nats", "dup", "bad"] as const),
  rabbit: new Counters("rmq", ["produced", "poison", "retries", "ok", "requeued", "dlq"] as const),
  analytics: { kafka: "waiting", nats: "waiting" } as { kafka: string; nats: string },
};

/** The Redis Streams flow (scripts/demo/redis-streams-service.ts). */
export const redisStreamsStats = new Counters("streams", ["produced", "poison", "acked", "reclaimed", "crashLeft", "deadLettered", "errors"] as const);

export function statusLine(startedAt: number): string {
  const s = Math.round((Date.now() - startedAt) / 1000);
  const t = `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  return (
    `[services ${t}] ${stats.producer} | ${stats.kafkaInventory} | ${stats.natsInventory} | ${stats.billingSlow} | ${stats.rabbit}` +
    ` | analytics kafka=${stats.analytics.kafka} js=${stats.analytics.nats} | ${redisStreamsStats}`
  );
}
