// The RabbitMQ management client, dead-letter topology and browse against the real local RabbitMQ
// (scripts/brokers-up.sh enables its management API). Every queue and exchange is named per run and
// deleted at the end.
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDomainError as isAppError } from "@/lib/errors";
import { createAmqpPool } from "@/lib/brokers/rabbitmq/amqp-connection";
import { browseQueue, type BrowseRequest } from "@/lib/brokers/rabbitmq/browse";
import { deadLetterTopology, queueKey } from "@/lib/brokers/rabbitmq/dead-letter-topology";
import { ManagementClient } from "@/lib/brokers/rabbitmq/management-client";
import { toRabbitQueue, toRabbitQueues } from "@/lib/brokers/rabbitmq/queue-rows";
import { parseDeathHeaders } from "@/lib/brokers/rabbitmq/x-death";
import { uniqueName, waitFor } from "../support/brokers";
import { RABBITMQ_MANAGEMENT_URL, RABBITMQ_PASS, RABBITMQ_URL, RABBITMQ_USER, assertDeadLetterFlow, connectRabbit, drainQueue, publishConfirmed, rejectMessages, type TestRabbit } from "../support/rabbitmq";

const run = uniqueName("it-rmq");
const names = {
  orders: `${run}.orders`,
  dlx: `${run}.dlx`,
  inventory: `${run}.inventory`,
  dlq: `${run}.inventory.dlq`,
  classic: `${run}.classic`,
  quorum: `${run}.quorum`,
  limited: `${run}.quorum-limited`,
  stream: `${run}.stream`,
  lost: `${run}.lost`,
};
const management = new ManagementClient({ baseUrl: RABBITMQ_MANAGEMENT_URL, user: RABBITMQ_USER, pass: RABBITMQ_PASS });
const pool = createAmqpPool(RABBITMQ_URL, "it");
let rabbit: TestRabbit;

async function queueFacts(name: string) {
  return toRabbitQueue(await management.queue("/", name), Date.now());
}

async function browse(name: string, request: BrowseRequest) {
  const queue = await queueFacts(name);
  return pool.withChannel("/", (channel) => browseQueue(channel, queue, request));
}

/** A port nothing listens on: bound by us, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const bodies = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => `${prefix}-${index}`);

beforeAll(async () => {
  rabbit = await connectRabbit();
  const { channel } = rabbit;
  await assertDeadLetterFlow(rabbit, { orders: names.orders, dead: names.dlx, inventory: names.inventory, dlq: names.dlq }, { ordersType: "topic", binding: "order.*", deadKey: "inventory.dead" });
  await channel.assertQueue(rabbit.track("queue", names.classic), { durable: false });
  await channel.assertQueue(rabbit.track("queue", names.quorum), { durable: true, arguments: { "x-queue-type": "quorum" } });
  await channel.assertQueue(rabbit.track("queue", names.limited), { durable: true, arguments: { "x-queue-type": "quorum", "x-delivery-limit": 2 } });
  await channel.assertQueue(rabbit.track("queue", names.stream), { durable: true, arguments: { "x-queue-type": "stream" } });
  await channel.assertQueue(rabbit.track("queue", names.lost), { durable: false, arguments: { "x-dead-letter-exchange": `${run}.no-such-exchange` } });

  // A real consumer rejects 3 orders (basic.reject, no requeue): RabbitMQ dead-letters them.
  await publishConfirmed(channel, names.orders, "order.created", bodies(3, "order"), { messageId: "m", headers: { tenant: "eu" } });
  await rejectMessages(rabbit.model, names.inventory, 3);
}, 60_000);

afterAll(async () => {
  await pool.close();
  await rabbit?.cleanup();
});

describe("management API", () => {
  it("one queue listing gives ready / unacked / total per queue, the arguments and the DLQ through the bindings", async () => {
    const queues = await waitFor(
      async () => {
        const all = toRabbitQueues(await management.queues(), Date.now(), ["/"]);
        const dlq = all.find((queue) => queue.name === names.dlq);
        return dlq?.ready === 3 ? all : undefined;
      },
      30_000,
      "the DLQ to count 3 messages in the management API",
    );
    const inventory = queues.find((queue) => queue.name === names.inventory)!;
    expect(inventory).toMatchObject({ type: "classic", ready: 0, deadLetterExchange: names.dlx, deadLetterRoutingKey: "inventory.dead" });
    expect(queues.find((queue) => queue.name === names.dlq)).toMatchObject({ ready: 3, unacked: 0, total: 3, lag: 3 });
    expect(queues.find((queue) => queue.name === names.limited)).toMatchObject({ type: "quorum", deliveryLimit: 2 });

    const [exchanges, bindings] = await Promise.all([management.exchanges(), management.bindings()]);
    const topology = deadLetterTopology(queues, exchanges, bindings);
    expect(topology.dlqs.get(queueKey("/", names.dlq))).toEqual([{ vhost: "/", queue: names.inventory, exchange: names.dlx, routingKey: "inventory.dead" }]);
    expect(topology.dlqs.has(queueKey("/", names.inventory))).toBe(false);
    const ours = topology.warnings.filter((warning) => warning.queue.startsWith(run)).map((warning) => [warning.queue, warning.kind]);
    expect(ours.sort()).toEqual([
      [names.lost, "missing-exchange"],
      [names.limited, "delivery-limit-without-dlx"],
    ].sort());
  });

  it("overview and vhosts answer", async () => {
    const [overview, vhosts] = await Promise.all([management.overview(), management.vhosts()]);
    expect(overview.rabbitmq_version).toMatch(/^\d+\.\d+/);
    expect(vhosts.map((vhost) => vhost.name)).toContain("/");
  });

  it("an unknown queue or vhost is not-found", async () => {
    for (const call of [() => management.queue("/", `${run}.missing`), () => management.queue(`${run}-no-vhost`, "x")]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(isAppError(error) && error.code).toBe("not-found");
    }
  });

  it("refused credentials and a closed port read as a plain reason, fast", async () => {
    const wrong = new ManagementClient({ baseUrl: RABBITMQ_MANAGEMENT_URL, user: RABBITMQ_USER, pass: `${RABBITMQ_PASS}-wrong` });
    const refused = await wrong.overview().catch((caught: unknown) => caught);
    expect(isAppError(refused) && refused.code).toBe("broker-unavailable");
    expect((refused as Error).message).toBe(`management API on :${new URL(RABBITMQ_MANAGEMENT_URL).port} refused: 401`);
    const port = await closedPort();
    const closed = new ManagementClient({ baseUrl: `http://127.0.0.1:${port}`, user: "guest", pass: "guest" });
    const down = await closed.queues().catch((caught: unknown) => caught);
    expect((down as Error).message).toBe(`management API on :${port} refused the connection (is rabbitmq_management enabled?)`);
    const notJson = new ManagementClient({ baseUrl: `${RABBITMQ_MANAGEMENT_URL}/#`, user: RABBITMQ_USER, pass: RABBITMQ_PASS });
    await expect(notJson.overview()).rejects.toThrow();
  });
});

describe("browse without loss", () => {
  it("dead-lettered messages carry x-death naming the original exchange, routing key and reason", async () => {
    const page = await browse(names.dlq, { from: 0, limit: 10 });
    expect(page.messages.map((message) => message.content.toString())).toEqual(bodies(3, "order"));
    const death = parseDeathHeaders(page.messages[0].properties.headers);
    expect(death.first).toEqual({ queue: names.inventory, reason: "rejected", exchange: names.orders, routingKeys: ["order.created"] });
    expect(page.messages[0].properties.headers?.tenant).toBe("eu");
    expect(page.next).toBeUndefined();
  });

  it("classic queue: a page from the middle, then every message is still there, in order, marked redelivered", async () => {
    const sent = bodies(20, "classic");
    await publishConfirmed(rabbit.channel, "", names.classic, sent);
    const page = await browse(names.classic, { from: 5, limit: 5 });
    expect(page.method).toBe("get-requeue");
    expect(page.notice).toMatch(/redelivered/);
    expect(page.messages.map((message) => [message.position, message.content.toString()])).toEqual(sent.slice(5, 10).map((body, index) => [5 + index, body]));
    expect(page.next).toBe(10);
    const again = await browse(names.classic, { from: 5, limit: 5 });
    expect(again.messages.map((message) => message.content.toString())).toEqual(sent.slice(5, 10));
    expect(again.messages.every((message) => message.redelivered)).toBe(true);

    const left = await drainQueue(rabbit.model, names.classic);
    expect(left.map((message) => message.body)).toEqual(sent);
    expect(left.map((message) => message.redelivered)).toEqual(sent.map((_, index) => index < 10));
  });

  it("quorum queue without a delivery limit: nothing lost or duplicated; the read ones go behind the others, as the page says; the delivery count goes up by one", async () => {
    const sent = bodies(8, "quorum");
    await publishConfirmed(rabbit.channel, "", names.quorum, sent);
    const page = await browse(names.quorum, { from: 0, limit: 4 });
    expect(page.method).toBe("quorum-get-return");
    expect(page.notice).toMatch(/x-delivery-count/);
    expect(page.messages.map((message) => message.content.toString())).toEqual(sent.slice(0, 4));
    const left = await drainQueue(rabbit.model, names.quorum);
    expect(left.map((message) => message.body).sort()).toEqual([...sent].sort());
    // Each group keeps its own order; returned messages come after the never-read ones.
    const read = left.filter((message) => message.redelivered);
    const unread = left.filter((message) => !message.redelivered);
    expect(read.map((message) => message.body)).toEqual(sent.slice(0, 4));
    expect(unread.map((message) => message.body)).toEqual(sent.slice(4));
    expect(read.map((message) => Number(message.headers["x-delivery-count"]))).toEqual([1, 1, 1, 1]);
  });

  it("quorum queue with a delivery limit: refused, nothing taken", async () => {
    const sent = bodies(3, "limited");
    await publishConfirmed(rabbit.channel, "", names.limited, sent);
    const refused = await browse(names.limited, { from: 0, limit: 10 }).catch((caught: unknown) => caught);
    expect(isAppError(refused) && refused.code).toBe("unsupported");
    expect((refused as Error).message).toContain("delivery limit of 2");
    const left = await drainQueue(rabbit.model, names.limited);
    expect(left.map((message) => message.body)).toEqual(sent);
    expect(left.every((message) => !message.redelivered && !message.headers["x-delivery-count"])).toBe(true);
  });

  it("stream queue: read by offset, any number of times, with no side effect", async () => {
    const sent = bodies(10, "stream");
    await publishConfirmed(rabbit.channel, "", names.stream, sent);
    const first = await browse(names.stream, { from: 3, limit: 4 });
    expect(first.method).toBe("stream-offset");
    expect(first.messages.map((message) => [message.position, message.content.toString()])).toEqual([3, 4, 5, 6].map((offset) => [offset, sent[offset]]));
    expect(first.next).toBe(7);
    const second = await browse(names.stream, { from: 3, limit: 4 });
    expect(second.messages.map((message) => message.content.toString())).toEqual(first.messages.map((message) => message.content.toString()));
    const tail = await browse(names.stream, { from: 8, limit: 10 });
    expect(tail.messages.map((message) => message.content.toString())).toEqual(sent.slice(8));
    expect(tail.next).toBeUndefined();
  });

  it("a browse deeper than the cap is refused before anything is taken", async () => {
    const refused = await browse(names.classic, { from: 1_995, limit: 10 }).catch((caught: unknown) => caught);
    expect(isAppError(refused) && refused.code).toBe("invalid-input");
  });
});
