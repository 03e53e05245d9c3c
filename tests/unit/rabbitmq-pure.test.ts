import { describe, expect, it } from "vitest";
import { headerValueToBuffer, describeProperties, amqpTimestampToMs } from "@/lib/brokers/rabbitmq/amqp-values";
import { browseRefusal } from "@/lib/brokers/rabbitmq/browse-notice";
import { deadLetterTopology, queueKey } from "@/lib/brokers/rabbitmq/dead-letter-topology";
import { failureFromError, failureFromStatus, managementPortLabel } from "@/lib/brokers/rabbitmq/management-errors";
import type { BindingRow, ExchangeRow, QueueRow } from "@/lib/brokers/rabbitmq/management-types";
import { toRabbitQueue, toRabbitQueues } from "@/lib/brokers/rabbitmq/queue-rows";
import { checkQueueId, checkRabbitHeader, checkRabbitTargetName, formatQueueId, parseQueueId } from "@/lib/brokers/rabbitmq/rabbitmq-names";
import { topicMatches } from "@/lib/brokers/rabbitmq/topic-match";
import { describeDeath, parseDeathHeaders } from "@/lib/brokers/rabbitmq/x-death";

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

describe("queue rows", () => {
  it("derives ready, unacked, total, lag, rates and the oldest message age", () => {
    const queue = toRabbitQueue(
      {
        name: "orders",
        vhost: "/",
        type: "classic",
        messages: 12,
        messages_ready: 10,
        messages_unacknowledged: 2,
        consumers: 3,
        memory: 4096,
        head_message_timestamp: NOW / 1000 - 90,
        message_stats: { publish: 500, publish_details: { rate: 4.5 }, deliver_get: 480, deliver_get_details: { rate: 4 }, ack: 470, ack_details: { rate: 3.9 } },
        arguments: { "x-dead-letter-exchange": "dlx", "x-message-ttl": 60000 },
      },
      NOW,
    );
    expect(queue).toMatchObject({ ready: 10, unacked: 2, total: 12, lag: 12, consumers: 3, memory: 4096, deadLetterExchange: "dlx", messageTtlMs: 60000 });
    expect(queue.rates).toEqual({ publish: 4.5, deliver: 4, ack: 3.9, redeliver: null });
    expect(queue.counters.publish).toBe(500);
    expect(queue.oldestMessageAgeMs).toBe(90_000);
  });

  it("takes a millisecond timestamp property as milliseconds, and has no age for an empty queue or a quorum queue", () => {
    expect(toRabbitQueue({ name: "a", vhost: "/", messages_ready: 1, head_message_timestamp: NOW - 5_000 }, NOW).oldestMessageAgeMs).toBe(5_000);
    expect(toRabbitQueue({ name: "a", vhost: "/", messages_ready: 0, head_message_timestamp: NOW / 1000 }, NOW).oldestMessageAgeMs).toBeNull();
    expect(toRabbitQueue({ name: "q", vhost: "/", type: "quorum", messages_ready: 4 }, NOW).oldestMessageAgeMs).toBeNull();
  });

  it("a stream queue keeps its messages: no lag", () => {
    const stream = toRabbitQueue({ name: "s", vhost: "/", type: "stream", messages: 100, messages_ready: 100 }, NOW);
    expect(stream).toMatchObject({ type: "stream", total: 100, lag: null });
  });

  it("resolves settings like RabbitMQ: argument wins for the DLX, the smaller limit applies", () => {
    const queue = toRabbitQueue(
      {
        name: "q",
        vhost: "/",
        type: "quorum",
        arguments: { "x-dead-letter-exchange": "from-arg", "x-delivery-limit": 10 },
        effective_policy_definition: { "dead-letter-exchange": "from-policy", "dead-letter-routing-key": "rk", "delivery-limit": 3 },
      },
      NOW,
    );
    expect(queue).toMatchObject({ deadLetterExchange: "from-arg", deadLetterRoutingKey: "rk", deliveryLimit: 3 });
  });

  it("survives junk rows and filters by vhost", () => {
    const rows = [{ name: "a", vhost: "/" }, { name: "b", vhost: "other" }, null, { vhost: "/" }, { name: "c", vhost: "/", messages_ready: -5, memory: "x" }] as unknown as QueueRow[];
    const queues = toRabbitQueues(rows, NOW, ["/"]);
    expect(queues.map((queue) => queue.name)).toEqual(["a", "c"]);
    expect(queues[1]).toMatchObject({ ready: 0, memory: null, type: "classic" });
  });
});

describe("topic matching", () => {
  it.each([
    ["order.*", "order.created", true],
    ["order.*", "order.created.eu", false],
    ["order.#", "order", true],
    ["order.#", "order.created.eu", true],
    ["#", "anything.at.all", true],
    ["*.created", "order.created", true],
    ["#.eu", "order.created.eu", true],
    ["a.#.z", "a.z", true],
    ["a.#.z", "a.b.c.z", true],
    ["a.#.z", "a.b.c", false],
  ])("%s matches %s: %s", (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });

  it("a hostile pattern stays fast", () => {
    const pattern = Array.from({ length: 2_000 }, () => "#").join(".") + ".x";
    const key = Array.from({ length: 2_000 }, () => "a").join(".");
    expect(topicMatches(pattern, key)).toBe(false);
  });
});

const exchanges: ExchangeRow[] = [
  { name: "", vhost: "/", type: "direct" },
  { name: "dlx", vhost: "/", type: "direct" },
  { name: "dlx.topic", vhost: "/", type: "topic" },
  { name: "orders", vhost: "/", type: "topic" },
];
const binding = (source: string, destination: string, routing_key: string, destination_type = "queue"): BindingRow => ({ source, vhost: "/", destination, destination_type, routing_key });
const queueOf = (name: string, args: Record<string, unknown> = {}, type = "classic") => toRabbitQueue({ name, vhost: "/", type, arguments: args }, NOW);

describe("dead-letter topology", () => {
  it("finds a DLQ through the DLX and its routing key, and not a queue bound with another key", () => {
    const queues = [queueOf("work", { "x-dead-letter-exchange": "dlx", "x-dead-letter-routing-key": "work.dead" }), queueOf("work.dlq"), queueOf("other")];
    const topology = deadLetterTopology(queues, exchanges, [binding("dlx", "work.dlq", "work.dead"), binding("dlx", "other", "unrelated")]);
    expect([...topology.dlqs.keys()]).toEqual([queueKey("/", "work.dlq")]);
    expect(topology.dlqs.get(queueKey("/", "work.dlq"))).toEqual([{ vhost: "/", queue: "work", exchange: "dlx", routingKey: "work.dead" }]);
    expect(topology.warnings).toEqual([]);
  });

  it("without a dead-letter routing key uses the keys the queue is bound with (topic DLX)", () => {
    const queues = [queueOf("inventory", { "x-dead-letter-exchange": "dlx.topic" }), queueOf("dead.orders"), queueOf("dead.billing")];
    const topology = deadLetterTopology(queues, exchanges, [
      binding("orders", "inventory", "order.created"),
      binding("dlx.topic", "dead.orders", "order.#"),
      binding("dlx.topic", "dead.billing", "billing.#"),
    ]);
    expect([...topology.dlqs.keys()]).toEqual([queueKey("/", "dead.orders")]);
  });

  it("the default exchange as DLX routes by queue name; exchange-to-exchange bindings are followed, loops are not", () => {
    const queues = [queueOf("a", { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "a.dlq" }), queueOf("a.dlq"), queueOf("b", { "x-dead-letter-exchange": "orders", "x-dead-letter-routing-key": "x.y" }), queueOf("b.dlq")];
    const topology = deadLetterTopology(queues, exchanges, [
      binding("", "a.dlq", "a.dlq"),
      binding("orders", "dlx.topic", "#", "exchange"),
      binding("dlx.topic", "orders", "#", "exchange"),
      binding("dlx.topic", "b.dlq", "x.*"),
    ]);
    expect(new Set(topology.dlqs.keys())).toEqual(new Set([queueKey("/", "a.dlq"), queueKey("/", "b.dlq")]));
  });

  it("flags a DLX that does not exist, a quorum delivery limit without DLX, and a DLX with no queue for the key", () => {
    const queues = [
      queueOf("lost", { "x-dead-letter-exchange": "nope" }),
      queueOf("limited", { "x-delivery-limit": 5 }, "quorum"),
      queueOf("unroutable", { "x-dead-letter-exchange": "dlx", "x-dead-letter-routing-key": "nobody" }),
      queueOf("classic-limit-ignored", {}),
    ];
    const { warnings, dlqs } = deadLetterTopology(queues, exchanges, []);
    expect(dlqs.size).toBe(0);
    expect(warnings.map((warning) => [warning.queue, warning.kind])).toEqual([
      ["lost", "missing-exchange"],
      ["limited", "delivery-limit-without-dlx"],
      ["unroutable", "unroutable"],
    ]);
    expect(warnings[0].message).toContain('"nope", which does not exist');
    expect(warnings[1].message).toContain("delivery limit of 5 and no dead-letter exchange");
  });

  it("a queue dead-lettering into itself is not its own DLQ; vhosts do not mix", () => {
    const queues = [queueOf("loop", { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "loop" })];
    const other: BindingRow = { source: "", vhost: "other", destination: "loop", destination_type: "queue", routing_key: "loop" };
    const topology = deadLetterTopology(queues, exchanges, [binding("", "loop", "loop"), other]);
    expect(topology.dlqs.size).toBe(0);
  });
});

describe("x-death", () => {
  const headers = {
    "x-death": [
      { count: 2, reason: "expired", queue: "retry", time: { "!": "timestamp", value: 1796601200 }, exchange: "retry.x", "routing-keys": ["order.created"] },
      { count: 1, reason: "rejected", queue: "inventory", time: { "!": "timestamp", value: 1796601112 }, exchange: "orders", "routing-keys": ["order.created", "cc.key"] },
    ],
    "x-first-death-exchange": "orders",
    "x-first-death-queue": "inventory",
    "x-first-death-reason": "rejected",
  };

  it("reads every death, the first one (the original destination) and the latest", () => {
    const info = parseDeathHeaders(headers);
    expect(info.first).toEqual({ queue: "inventory", reason: "rejected", exchange: "orders", routingKeys: ["order.created", "cc.key"] });
    expect(info.latest).toMatchObject({ queue: "retry", reason: "expired", count: 2, timeMs: 1796601200000 });
    expect(info.totalCount).toBe(3);
    expect(describeDeath(info)).toBe("expired in retry (2 times)");
  });

  it("reads the same from the JSON text a RawMessage header carries", () => {
    const asText = { ...headers, "x-death": headerValueToBuffer(headers["x-death"]) };
    expect(parseDeathHeaders(asText)).toEqual(parseDeathHeaders(headers));
  });

  it("without x-first-death-* the oldest entry is the first death", () => {
    const info = parseDeathHeaders({ "x-death": headers["x-death"] });
    expect(info.first).toMatchObject({ queue: "inventory", exchange: "orders" });
  });

  it("forged or broken headers give no deaths, never a throw", () => {
    for (const value of [null, 42, "not json", "{}", [null, 1, "x", { queue: 5 }], Buffer.from("[{]")]) {
      const info = parseDeathHeaders({ "x-death": value });
      expect(info.deaths).toEqual([]);
      expect(info.first).toBeNull();
    }
    expect(parseDeathHeaders(undefined).first).toBeNull();
    const huge = parseDeathHeaders({ "x-death": Array.from({ length: 10_000 }, () => ({ queue: "q", reason: "rejected", count: -3, time: "soon" })) });
    expect(huge.deaths).toHaveLength(100);
    expect(huge.deaths[0]).toMatchObject({ count: 1, timeMs: null });
  });
});

describe("names and identifiers", () => {
  it("a queue of vhost / is its name; another vhost's is <vhost>/<queue>", () => {
    expect(formatQueueId({ vhost: "/", queue: "orders" })).toBe("orders");
    expect(formatQueueId({ vhost: "shop", queue: "orders" })).toBe("shop/orders");
    expect(parseQueueId("shop/orders", ["/", "shop"])).toEqual({ vhost: "shop", queue: "orders" });
    expect(parseQueueId("a/b", ["/", "shop"])).toEqual({ vhost: "/", queue: "a/b" });
    expect(parseQueueId("shop/eu/orders", ["shop", "shop/eu"])).toEqual({ vhost: "shop/eu", queue: "orders" });
  });

  it("refuses empty, long and control-character names, server-named targets and reserved headers", () => {
    expect(checkQueueId("", ["/"]).ok).toBe(false);
    expect(checkQueueId("x".repeat(256), ["/"]).ok).toBe(false);
    expect(checkQueueId("é".repeat(128), ["/"]).ok).toBe(false); // 256 bytes
    expect(checkQueueId("bad\nname", ["/"]).ok).toBe(false);
    expect(checkQueueId("orders.dlq", ["/"]).ok).toBe(true);
    expect(checkRabbitTargetName("amq.gen-123")).toMatchObject({ ok: false, code: "reserved" });
    expect(checkRabbitTargetName("orders")).toEqual({ ok: true });
    expect(checkRabbitHeader("x-death", "[]").ok).toBe(false);
    expect(checkRabbitHeader("X-Eventscope-Requeue-Id", "a").ok).toBe(false);
    expect(checkRabbitHeader("tenant", "a\u0000b").ok).toBe(false);
    expect(checkRabbitHeader("tenant", "eu-1").ok).toBe(true);
  });
});

describe("management API failures", () => {
  const base = "http://127.0.0.1:15672";
  it("names the port and the status, as the cluster status shows it", () => {
    expect(managementPortLabel(base)).toBe(":15672");
    expect(managementPortLabel("https://rabbit.example/mgmt")).toBe(":443");
    expect(failureFromStatus(base, 401, "the overview")).toEqual({ code: "broker-unavailable", reason: "management API on :15672 refused: 401" });
    expect(failureFromStatus(base, 404, 'queue "x"')).toEqual({ code: "not-found", reason: 'queue "x" was not found' });
    expect(failureFromStatus(base, 503, "x").code).toBe("broker-unavailable");
    expect(failureFromStatus(base, 400, "x", '{"error":"bad_request","reason":"no such column"}').reason).toContain("no such column");
  });

  it("reads fetch's errors: refused connection, time-out, unknown host", () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:15672"), { code: "ECONNREFUSED" }) });
    expect(failureFromError(base, refused, 5000).reason).toBe("management API on :15672 refused the connection (is rabbitmq_management enabled?)");
    const timeout = Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" });
    expect(failureFromError(base, timeout, 5000).reason).toBe("management API on :15672: no answer within 5 s");
    const dns = Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND rabbit" } });
    expect(failureFromError("http://rabbit:15672", dns, 5000).reason).toContain("cannot resolve rabbit");
  });
});

describe("browse", () => {
  it("refuses a quorum queue with a delivery limit, and only that", () => {
    expect(browseRefusal({ type: "quorum", name: "q", deliveryLimit: 3 })).toContain("delivery limit of 3");
    expect(browseRefusal({ type: "quorum", name: "q", deliveryLimit: null })).toBeNull();
    expect(browseRefusal({ type: "classic", name: "q", deliveryLimit: 3 })).toBeNull();
  });

  it("shows properties as text; timestamps in seconds or milliseconds", () => {
    expect(describeProperties({ messageId: "m-1", timestamp: 1796601112, contentType: "application/json" })).toEqual({
      messageId: "m-1",
      timestamp: "2026-12-06T23:51:52.000Z",
      contentType: "application/json",
    });
    expect(amqpTimestampToMs(1796601112000)).toBe(1796601112000);
    expect(headerValueToBuffer({ a: 1n } as unknown).toString()).toBe('{"a":"1"}');
  });
});

describe("snapshot shapes", () => {
  it("a queue's high is its publish counter, so the sampler's rate of high is the publish rate; lag = ready + unacked", async () => {
    const { queueOffsets, queueConsumers, toSnapshot } = await import("@/lib/brokers/rabbitmq/rabbitmq-snapshot");
    const queue = toRabbitQueue({ name: "work", vhost: "shop", messages: 7, messages_ready: 5, messages_unacknowledged: 2, consumers: 2, message_stats: { publish: 100 } }, NOW);
    expect(queueOffsets(queue)).toEqual({ partition: 0, low: 93, high: 100, messages: 7 });
    expect(queueConsumers(queue)).toMatchObject({ group: "shop/work", lag: 7, pending: 5, ackPending: 2, partitions: [{ committed: 93, high: 100, lag: 7 }] });
    const stream = toRabbitQueue({ name: "s", vhost: "/", type: "stream", messages: 9 }, NOW);
    expect(queueConsumers(stream)).toBeNull();
    const dlq = toRabbitQueue({ name: "work.dlq", vhost: "shop", messages: 3, messages_ready: 3 }, NOW);
    const topology = deadLetterTopology([queueOf("x"), dlq], [], []);
    topology.dlqs.set(queueKey("shop", "work.dlq"), []);
    const snapshot = toSnapshot([queue, stream, dlq], topology, NOW);
    expect(snapshot.consumers.map((group) => group.group)).toEqual(["shop/work"]);
    expect(snapshot.topics.map((topic) => topic.name)).toEqual(["shop/work", "s", "shop/work.dlq"]);
  });

  it("reads amqplib's reply codes: refusals are permanent, the rest an outage", async () => {
    const { permanentRabbitError } = await import("@/lib/brokers/rabbitmq/rabbitmq-errors");
    expect(permanentRabbitError(Object.assign(new Error("Channel closed by server: 404 (NOT-FOUND)"), { code: 404 }))).toContain("not found");
    expect(permanentRabbitError(new Error("Handshake terminated by server: 403 (ACCESS-REFUSED)"))).toContain("not authorized");
    expect(permanentRabbitError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBeNull();
  });
});

describe("DLQ envelope of a RabbitMQ dead letter", () => {
  it("takes the original queue and the error from x-first-death-*", async () => {
    const { parseDlqEnvelope } = await import("@/lib/dlq/parse-envelope");
    expect(parseDlqEnvelope("parked", { "x-first-death-queue": "inventory", "x-first-death-reason": "rejected", "x-first-death-exchange": "orders" })).toMatchObject({
      originalTopic: "inventory",
      error: "rejected in inventory",
    });
    // An explicit error header still wins.
    expect(parseDlqEnvelope("parked", { "x-first-death-reason": "rejected", "x-error": "stock unknown" }).error).toBe("stock unknown");
  });
});

describe("Prometheus names of a RabbitMQ cluster", () => {
  it("adds rabbitmq_queue_messages{queue} beside the rabbitmq_* lag names", async () => {
    const { renderMetrics } = await import("@/lib/metrics/prometheus");
    const figures = {
      topics: new Map([["shop/orders", { name: "shop/orders", messages: 7, msgsPerSec: 2, bytesPerSec: null, partitions: [{ partition: 0, low: 93, high: 100, messages: 7, msgsPerSec: 2 }] }]]),
      groups: new Map(),
    } as unknown as Parameters<typeof renderMetrics>[0][number]["figures"];
    const text = renderMetrics([{ id: "local-rabbit", kind: "rabbitmq", figures }]);
    expect(text).toContain('rabbitmq_queue_messages{cluster_name="local-rabbit",queue="shop/orders"} 7');
    expect(text).toContain('rabbitmq_partition_latest_offset{cluster_name="local-rabbit",topic="shop/orders",partition="0"} 100');
    expect(renderMetrics([{ id: "k", kind: "kafka", figures }])).not.toContain("_queue_messages");
  });
});
