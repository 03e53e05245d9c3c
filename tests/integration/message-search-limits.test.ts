import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import type { BrokerConnector, ScanMessagesRequest } from "@/lib/brokers/types";
import { KAFKA_BROKERS, NATS_SERVERS, connectNats, createTopic, testKafka, uniqueName } from "../support/brokers";
import { callAsAdmin as call } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// The two limits on server-side search, on real Kafka and JetStream: a caller that goes away stops
// the scan at its next broker read, and a bounded number of searches run at once per process.
// No timing is asserted: the abort is fired from inside the scan (on its first message, delivered
// on a later event-loop turn the way a disconnect is), and the slots are taken by the test itself.
process.env.EVENTSCOPE_MAX_CONCURRENT_SEARCHES = "2";
const { cleanup } = useTempConsoleEnv("eventscope-search-limits-", {
  clusters: [
    { id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS },
    { id: "local-nats", name: "Local NATS", kind: "nats", servers: NATS_SERVERS },
  ],
});

/** ~400-byte messages on one partition: ~24 MB, several 4 MB Fetches, so stopping early is visible. */
const KAFKA_COUNT = 60_000;
const NATS_COUNT = 30_000;
const NEEDLE = "not-there-c41d";
const topic = uniqueName("it-search-limits");
const stream = uniqueName("it_search_limits").replace(/-/g, "_");
const payload = (index: number) => JSON.stringify({ id: index, kind: "order.created", note: "x".repeat(350) });

let kafka: Kafka;
let messagesRoute: any;

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, 1);
  const producer = kafka.producer();
  await producer.connect();
  for (let start = 0; start < KAFKA_COUNT; start += 2_000) {
    await producer.send({ topic, messages: Array.from({ length: 2_000 }, (_, offset) => ({ value: payload(start + offset) })) });
  }
  await producer.disconnect();

  const { nc, jsm, js } = await connectNats();
  await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
  for (let start = 0; start < NATS_COUNT; start += 1_000) {
    await Promise.all(Array.from({ length: 1_000 }, (_, offset) => js.publish(`${stream}.orders`, payload(start + offset))));
  }
  await nc.drain();
  messagesRoute = (await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route")).GET;
}, 300_000);

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  const { nc, jsm } = await connectNats();
  await jsm.streams.delete(stream).catch(() => undefined);
  await nc.drain();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

/**
 * The real connector, with its visit wrapped: the first message schedules the abort (as a
 * disconnect arrives: on a later turn, while the scan awaits a broker read), and every message
 * handed to visit afterwards is counted.
 */
function abortingOnFirstMessage(connector: BrokerConnector, controller: AbortController) {
  const seen = { total: 0, afterAbort: 0 };
  const hooked: BrokerConnector = Object.create(connector);
  hooked.scanMessages = (name: string, request: ScanMessagesRequest) =>
    connector.scanMessages(name, {
      ...request,
      visit(message) {
        seen.total++;
        if (controller.signal.aborted) seen.afterAbort++;
        if (seen.total === 1) setTimeout(() => controller.abort(), 0);
        return request.visit(message);
      },
    });
  return { hooked, seen };
}

async function searchWithAbort(cluster: string, name: string) {
  const { withConnector } = await import("@/lib/clusters/registry");
  const { searchMessages } = await import("@/lib/search/search-messages");
  const controller = new AbortController();
  return withConnector(cluster, async (connector) => {
    const { hooked, seen } = abortingOnFirstMessage(connector, controller);
    const query = { q: NEEDLE, limit: 50, scanLimit: 10_000_000, signal: controller.signal };
    const error = await searchMessages(hooked, name, query, { canSeeClearValues: false }).then(
      () => null,
      (caught: unknown) => caught,
    );
    return { error: error as any, seen };
  });
}

async function searchToEnd(cluster: string, name: string) {
  const { withConnector } = await import("@/lib/clusters/registry");
  const { searchMessages } = await import("@/lib/search/search-messages");
  return withConnector(cluster, (connector) =>
    searchMessages(connector, name, { q: NEEDLE, limit: 50, scanLimit: 10_000_000 }, { canSeeClearValues: false }),
  );
}

describe("a search whose caller goes away", () => {
  it("Kafka: stops at the next Fetch answer, far short of the topic", async () => {
    const whole = await searchToEnd("local-kafka", topic);
    expect(whole.scanned).toBe(KAFKA_COUNT); // without the abort the needle-less search reads it all
    expect(whole.stoppedBy).toBe("end");

    const { error, seen } = await searchWithAbort("local-kafka", topic);
    expect(error?.name).toBe("SearchAbortedError");
    // Scanned: the first Fetch answer (≤ 4 MB, ~10,000 of these messages) only. The one prefetched
    // answer that was in flight is dropped at its first message: at most one visit after the abort.
    expect(error.scanned).toBeGreaterThan(0);
    expect(error.scanned).toBeLessThan(KAFKA_COUNT / 2);
    expect(seen.afterAbort).toBeLessThanOrEqual(1);
  }, 60_000);

  it("JetStream: stops and deletes its ordered consumer", async () => {
    const { error, seen } = await searchWithAbort("local-nats", stream);
    expect(error?.name).toBe("SearchAbortedError");
    expect(error.scanned).toBeLessThan(NATS_COUNT);
    expect(seen.afterAbort).toBeLessThanOrEqual(1);
    const { nc, jsm } = await connectNats();
    try {
      const consumers = await jsm.consumers.list(stream).next();
      expect(consumers).toEqual([]);
    } finally {
      await nc.drain();
    }
  }, 60_000);

  it("the route stops a search whose request is already aborted, and frees its slot", async () => {
    const { searchSlots } = await import("@/lib/search/search-admission");
    const controller = new AbortController();
    controller.abort();
    const answer = await call(
      messagesRoute,
      `/api/v1/clusters/local-kafka/topics/${topic}/messages?q=${NEEDLE}`,
      { cluster: "local-kafka", topic },
      { signal: controller.signal },
    );
    expect(answer.status).toBe(499);
    expect(searchSlots().running).toBe(0);
  }, 60_000);
});

describe("concurrent searches", () => {
  const search = () =>
    call(messagesRoute, `/api/v1/clusters/local-kafka/topics/${topic}/messages?q=${NEEDLE}&scanLimit=1000`, { cluster: "local-kafka", topic });

  it("a search beyond EVENTSCOPE_MAX_CONCURRENT_SEARCHES gets 429 with Retry-After; a freed slot serves the next", async () => {
    const { searchSlots } = await import("@/lib/search/search-admission");
    const slots = searchSlots();
    expect(slots.max).toBe(2);
    // Two searches in progress (held by the test, so no timing decides who is first).
    const held = [slots.tryTake()!, slots.tryTake()!];
    try {
      const refused = await search();
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe("rate-limited");
      expect(refused.body.error.message).toBe("2 searches are already running; try again in a few seconds");
      expect(refused.response.headers.get("retry-after")).toBe("5");
      // A plain page read is not a search: never refused.
      const page = await call(messagesRoute, `/api/v1/clusters/local-kafka/topics/${topic}/messages?limit=1`, { cluster: "local-kafka", topic });
      expect(page.status).toBe(200);

      held.pop()!();
      const served = await search();
      expect(served.status).toBe(200);
      expect(served.body.scanned).toBe(1000);
      expect(slots.running).toBe(1); // the served search gave its slot back
    } finally {
      for (const release of held) release();
    }
  }, 60_000);
});
