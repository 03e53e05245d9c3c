// The demo services in one process: order service, inventory (Kafka + JetStream), billing-slow, analytics.
//   npx tsx scripts/demo/run-demo.ts        (npm run demo starts it for you; see docs/demo.md)
import { Kafka, logLevel, type LogEntry } from "kafkajs";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { IdempotencyStore } from "./idempotency";
import { KafkaBillingSlow, KafkaInventoryService, STOPPING_MARK, runKafkaAnalyticsOnce } from "./kafka-consumers";
import { NatsBillingSlow, NatsInventoryService, runNatsAnalyticsOnce } from "./nats-consumers";
import { OrderService } from "./order-service";
import { RabbitInventoryConsumer, RabbitOrderPublisher, connectRabbit } from "./rabbitmq-flow";
import { parseOrderCreated } from "./events";
import { RedisStreamsDemo } from "./redis-streams-service";
import { stats, statusLine } from "./stats";
import { processed, serveMetrics } from "./processing-metrics";
import { ensureTopology } from "./topology";
import { errorMessage, loadSettings, sleep } from "./settings";

const log = (line: string) => console.log(`[services] ${line}`);

/** kafkajs logs a lot; keep errors only, one line each, and never the same line twice in 10 s. */
function kafkaLogCreator() {
  const seen = new Map<string, number>();
  return () =>
    ({ namespace, log: entry }: LogEntry) => {
      const line = `kafka ${namespace}: ${entry.message}${entry.error ? ` (${entry.error})` : ""}`;
      if (String(entry.error ?? "").includes(STOPPING_MARK)) return; // our own "don't commit, we are stopping"
      const last = seen.get(line) ?? 0;
      if (Date.now() - last < 10_000) return;
      seen.set(line, Date.now());
      log(line);
    };
}

async function retry<T>(what: string, fn: () => Promise<T>, signal: AbortSignal, seconds = 60): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (signal.aborted || Date.now() > deadline) throw new Error(`${what}: ${errorMessage(error)}`);
      log(`${what} not ready (${errorMessage(error)}), retrying`);
      await sleep(2000, signal);
    }
  }
}

async function main(): Promise<number> {
  const settings = loadSettings();
  const startedAt = Date.now();
  const abort = new AbortController();
  const stoppers: { name: string; stop: () => Promise<void> }[] = [];
  let nc: NatsConnection | null = null;
  let store: IdempotencyStore | null = null;
  let stopping: Promise<number> | null = null;
  let reporter: NodeJS.Timeout | null = null;

  const shutdown = (reason: string, code: number): Promise<number> => {
    if (stopping) return stopping;
    stopping = (async () => {
      log(`stopping (${reason})`);
      abort.abort();
      if (reporter) clearInterval(reporter);
      const force = setTimeout(() => {
        log("stop took more than 20 s, exiting anyway");
        process.exit(code || 1);
      }, 20_000);
      force.unref();
      // Producers first, then consumers, then the connections they share.
      for (const s of [...stoppers].reverse()) {
        await s.stop().catch((error) => log(`stopping ${s.name}: ${errorMessage(error)}`));
      }
      if (nc) await nc.drain().catch(() => nc?.close());
      if (store) await store.close();
      console.log(statusLine(startedAt).replace("[services", "[services final"));
      return code;
    })();
    return stopping;
  };

  const done = new Promise<number>((resolve) => {
    // `on`, not `once`: demo.sh signals the whole process group, so npx and tsx relay a second copy of the
    // same signal, which must not hit Node's default handler (immediate exit) halfway through the shutdown.
    process.on("SIGINT", () => resolve(shutdown("SIGINT", 0)));
    process.on("SIGTERM", () => resolve(shutdown("SIGTERM", 0)));
    if (settings.durationSeconds > 0) {
      setTimeout(() => resolve(shutdown(`DEMO_DURATION_SECONDS=${settings.durationSeconds} elapsed`, 0)), settings.durationSeconds * 1000);
    }
  });

  const start = async () => {
    log(
      `starting: kafka ${settings.kafkaBrokers.join(",")}, nats ${settings.natsServers.join(",")}, redis ${settings.redisUrl}, ` +
        `rate ${settings.rate}/s per stream, poison ${settings.poisonRate}, duplicates ${settings.duplicateRate}`,
    );
    if (!settings.skipTopology) await retry("topology", () => ensureTopology(settings, log), abort.signal);

    store = new IdempotencyStore(settings.redisUrl);
    await retry("redis", () => store!.connect(), abort.signal);
    nc = await retry(
      "nats",
      () => connect({ servers: settings.natsServers, name: "eventscope-demo", maxReconnectAttempts: -1 }),
      abort.signal,
    );
    const kafka = new Kafka({
      clientId: "eventscope-demo",
      brokers: settings.kafkaBrokers,
      logLevel: logLevel.ERROR,
      logCreator: kafkaLogCreator(),
      retry: { retries: 8, initialRetryTime: 300 },
    });

    // The inventory services' /metrics (event_processed_total{type, status}), scraped by the console.
    if (settings.metricsPort > 0) {
      const servers = [
        await serveMetrics("inventory (kafka)", settings.metricsPort, processed.kafkaInventory, log),
        await serveMetrics("inventory (jetstream)", settings.metricsPort + 1, processed.natsInventory, log),
      ];
      for (const server of servers) {
        if (server) stoppers.push({ name: "metrics endpoint", stop: () => new Promise((resolve) => server.close(() => resolve())) });
      }
    }

    // Consumers before the producer, so nothing is missed by the groups that start at "latest".
    const kInventory = new KafkaInventoryService(kafka, store, settings, log);
    stoppers.push({ name: "kafka inventory", stop: () => kInventory.stop() });
    await kInventory.start();
    const kBilling = new KafkaBillingSlow(kafka, store, settings);
    stoppers.push({ name: "kafka billing-slow", stop: () => kBilling.stop() });
    await kBilling.start();
    const jInventory = new NatsInventoryService(nc, store, settings, log);
    stoppers.push({ name: "jetstream inventory", stop: () => jInventory.stop() });
    jInventory.start();
    const jBilling = new NatsBillingSlow(nc, store, settings, log);
    stoppers.push({ name: "jetstream billing-slow", stop: () => jBilling.stop() });
    jBilling.start();

    if (settings.rabbitmqUrl) {
      // The seeds' RabbitMQ flow: outbox publisher with confirms, inventory consumer rejecting into the DLX.
      const rabbit = await retry("rabbitmq", () => connectRabbit(settings.rabbitmqUrl), abort.signal);
      stoppers.push({ name: "rabbitmq connection", stop: () => rabbit.close().catch(() => undefined) });
      const rInventory = new RabbitInventoryConsumer(rabbit, settings, log, (bytes) => void parseOrderCreated(bytes));
      stoppers.push({ name: "rabbitmq inventory", stop: () => rInventory.stop() });
      await rInventory.start();
      const rOrders = new RabbitOrderPublisher(rabbit, settings, log);
      stoppers.push({ name: "rabbitmq order publisher", stop: () => rOrders.stop() });
      await rOrders.start();
    }
    const streams = new RedisStreamsDemo(settings.redisUrl, settings, log);
    await retry("redis streams", () => streams.start(), abort.signal);
    stoppers.push({ name: "redis streams", stop: () => streams.stop() });

    const orders = new OrderService(kafka, nc, settings, log);
    stoppers.push({ name: "order service", stop: () => orders.stop() });
    await orders.start();
    log(`running (status every ${settings.logEverySeconds} s${settings.durationSeconds ? `, stopping after ${settings.durationSeconds} s` : ""})`);

    reporter = setInterval(() => console.log(statusLine(startedAt)), settings.logEverySeconds * 1000);

    // analytics: once, a little after the start, so there is a backlog to consume part of.
    const analyticsDelay = Math.max(0, settings.analyticsAfterSeconds * 1000 - (Date.now() - startedAt));
    void (async () => {
      await sleep(analyticsDelay, abort.signal);
      if (abort.signal.aborted) return;
      const theNc = nc!;
      await Promise.all([
        runKafkaAnalyticsOnce(kafka, log, abort.signal).catch((e) => {
          stats.analytics.kafka = "failed";
          log(`analytics (kafka): ${errorMessage(e)}`);
        }),
        runNatsAnalyticsOnce(theNc, log, abort.signal).catch((e) => {
          stats.analytics.nats = "failed";
          log(`analytics (jetstream): ${errorMessage(e)}`);
        }),
      ]);
    })();
  };

  const started = start().then(
    () => null,
    (error) => error as unknown,
  );
  const startError = await Promise.race([started, done.then(() => null)]);
  if (startError) {
    log(`failed to start: ${errorMessage(startError)}`);
    return shutdown("start failed", 1);
  }
  return done;
}

process.on("unhandledRejection", (error) => log(`unhandled: ${errorMessage(error)}`));

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[services] fatal: ${errorMessage(error)}`);
    process.exit(1);
  },
);
