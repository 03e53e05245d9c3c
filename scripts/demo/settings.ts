// Settings of the demo services, all from the environment (see docs/demo.md).

function num(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`${name} must be a number >= ${min} (got "${raw}")`);
  }
  return value;
}

function list(name: string, fallback: string[]): string[] {
  const raw = process.env[name];
  if (!raw || raw.trim() === "") return fallback;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface DemoSettings {
  kafkaBrokers: string[];
  natsServers: string[];
  redisUrl: string;
  /** AMQP URL of the RabbitMQ the order flow runs on; "" (DEMO_RABBITMQ=0) leaves RabbitMQ out. */
  rabbitmqUrl: string;
  /** Events per second on each produced stream (Kafka orders.created, Kafka paid, JetStream orders.created, JetStream paid). */
  rate: number;
  /** Fraction of order.created events that are poison (malformed JSON, missing or wrong fields). */
  poisonRate: number;
  /** Fraction of events re-sent with the same id. */
  duplicateRate: number;
  /** Fraction of valid events whose first processing attempt fails with a transient error (then succeeds on retry). */
  transientRate: number;
  /** Messages per second the billing-slow consumers handle. */
  slowRate: number;
  /** Delivery attempts before dead-lettering (Kafka in-process retries, JetStream MaxDeliver). */
  maxAttempts: number;
  /** Stop by itself after this many seconds (0 = run until SIGINT/SIGTERM). */
  durationSeconds: number;
  /** Seconds after start when the `analytics` group consumes part of the backlog once, then stops for good. */
  analyticsAfterSeconds: number;
  /** Seconds between two status lines. */
  logEverySeconds: number;
  /** Skip topology creation (demo.sh creates it in a step of its own). */
  skipTopology: boolean;
  /** First port of the services' /metrics endpoints (inventory on Kafka; inventory on JetStream is the next one); 0: none. */
  metricsPort: number;
}

export function loadSettings(): DemoSettings {
  return {
    kafkaBrokers: list("KAFKA_BROKERS", ["localhost:9092"]),
    natsServers: list("NATS_URL", ["nats://127.0.0.1:4222"]),
    redisUrl: process.env.REDIS_URL || "redis://127.0.0.1:6379",
    rabbitmqUrl: process.env.DEMO_RABBITMQ === "0" ? "" : process.env.RABBITMQ_URL || "amqp://guest:guest@127.0.0.1:5672",
    rate: num("DEMO_RATE", 5),
    poisonRate: num("DEMO_POISON_RATE", 0.03),
    duplicateRate: num("DEMO_DUPLICATE_RATE", 0.02),
    transientRate: num("DEMO_TRANSIENT_RATE", 0.02),
    slowRate: num("DEMO_SLOW_RATE", 1, 0.01),
    maxAttempts: Math.floor(num("DEMO_MAX_ATTEMPTS", 3, 1)),
    durationSeconds: num("DEMO_DURATION_SECONDS", 0),
    analyticsAfterSeconds: num("DEMO_ANALYTICS_AFTER_SECONDS", 15),
    logEverySeconds: num("DEMO_LOG_EVERY_SECONDS", 10, 1),
    skipTopology: process.env.DEMO_SKIP_TOPOLOGY === "1",
    metricsPort: num("DEMO_METRICS_PORT", 9464),
  };
}

/** Names of everything the demo creates. One place, so docs, verify.ts and tests agree. */
export const TOPOLOGY = {
  kafka: {
    ordersCreated: "orders.created",
    orderPaid: "events.order.paid.v1",
    ordersCreatedDlq: "orders.created.dlq",
    inventoryReserved: "inventory.reserved",
    groups: { inventory: "inventory-service", billingSlow: "billing-slow", analytics: "analytics" },
  },
  nats: {
    ordersStream: "ORDERS",
    dlqStream: "DLQ",
    advisoriesStream: "EVENTSCOPE_ADVISORIES",
    ordersCreatedSubject: "orders.created",
    orderPaidSubject: "events.order.paid.v1",
    dlqOrdersCreatedSubject: "dlq.orders.created",
    consumers: { inventory: "inventory", billingSlow: "billing-slow", analytics: "analytics" },
  },
} as const;

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
