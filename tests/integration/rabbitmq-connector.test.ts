// The RabbitMQ connector against the real local RabbitMQ: queues as topics, a queue's consumers as a
// group (lag = ready + unacked), the DLQ of a real consumer's basic.reject with its x-death, the
// snapshot the sampler takes, publishes with confirms, names and failures. A second vhost, made for
// this run, checks the `<vhost>/<queue>` identifiers. Everything made here is deleted at the end.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Channel, type ChannelModel } from "amqplib";
import { isDomainError } from "@/lib/errors";
import { RabbitmqConnector } from "@/lib/brokers/rabbitmq/rabbitmq-connector";
import { queueKey } from "@/lib/brokers/rabbitmq/dead-letter-topology";
import { parseDeathHeaders } from "@/lib/brokers/rabbitmq/x-death";
import { uniqueName, waitFor } from "../support/brokers";
import { RABBITMQ_MANAGEMENT_URL, RABBITMQ_PASS, RABBITMQ_URL, RABBITMQ_USER, connectRabbit, drainQueue, publishConfirmed, type TestRabbit } from "../support/rabbitmq";

const run = uniqueName("it-rconn");
const vhost = `${run}-vh`;
const q = { orders: `${run}.orders`, dlx: `${run}.dlx`, inventory: `${run}.inventory`, dlq: `${run}.inventory.dlq`, work: `${run}.work`, target: `${run}.target`, other: `${run}.other`, lost: `${run}.lost`, limited: `${run}.limited` };
const config = { id: "it-rabbit", name: "IT RabbitMQ", kind: "rabbitmq" as const, url: RABBITMQ_URL, managementUrl: RABBITMQ_MANAGEMENT_URL, vhosts: ["/", vhost] };
const connector = new RabbitmqConnector(config);
let rabbit: TestRabbit;
let holder: { model: ChannelModel; channel: Channel } | undefined;

const auth = `Basic ${Buffer.from(`${RABBITMQ_USER}:${RABBITMQ_PASS}`).toString("base64")}`;
async function managementPut(path: string, body: unknown) {
  const response = await fetch(`${RABBITMQ_MANAGEMENT_URL}${path}`, { method: "PUT", headers: { authorization: auth, "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`PUT ${path}: ${response.status}`);
}

async function errorOf(work: () => Promise<unknown>) {
  const caught = await work().then(() => null, (error: unknown) => error);
  return caught as { code?: string; message: string } | null;
}

beforeAll(async () => {
  await managementPut(`/api/vhosts/${encodeURIComponent(vhost)}`, {});
  await managementPut(`/api/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(RABBITMQ_USER)}`, { configure: ".*", write: ".*", read: ".*" });
  rabbit = await connectRabbit();
  const { channel } = rabbit;
  await channel.assertExchange(rabbit.track("exchange", q.orders), "topic", { durable: false });
  await channel.assertExchange(rabbit.track("exchange", q.dlx), "fanout", { durable: false });
  await channel.assertQueue(rabbit.track("queue", q.dlq), { durable: false });
  await channel.bindQueue(q.dlq, q.dlx, "");
  await channel.assertQueue(rabbit.track("queue", q.inventory), { durable: false, arguments: { "x-dead-letter-exchange": q.dlx } });
  await channel.bindQueue(q.inventory, q.orders, "order.#");
  await channel.assertQueue(rabbit.track("queue", q.work), { durable: false });
  await channel.assertQueue(rabbit.track("queue", q.target), { durable: false });
  // Two queues whose dead letters RabbitMQ would drop silently.
  await channel.assertQueue(rabbit.track("queue", q.lost), { durable: false, arguments: { "x-dead-letter-exchange": `${run}.no-such-exchange` } });
  await channel.assertQueue(rabbit.track("queue", q.limited), { durable: true, arguments: { "x-queue-type": "quorum", "x-delivery-limit": 4 } });

  // A consumer that rejects every order (basic.reject, requeue=false): 5 dead letters.
  await publishConfirmed(channel, q.orders, "order.created.eu", Array.from({ length: 5 }, (_, index) => JSON.stringify({ order: index })), { timestamp: Math.floor(Date.now() / 1000) });
  const rejecter = await rabbit.model.createChannel();
  let rejected = 0;
  await rejecter.consume(q.inventory, (message) => {
    if (!message) return;
    rejecter.reject(message, false);
    rejected++;
  });
  await waitFor(async () => rejected === 5, 15_000, "5 rejections");
  await rejecter.close();

  // `work`: 6 messages, a consumer holding 2 unacknowledged (prefetch 2, never acks).
  await publishConfirmed(channel, "", q.work, Array.from({ length: 6 }, (_, index) => `w${index}`));
  const model = await connect(RABBITMQ_URL);
  const held = await model.createChannel();
  await held.prefetch(2);
  await held.consume(q.work, () => undefined, { noAck: false });
  holder = { model, channel: held };

  // A queue in the run's own vhost.
  const other = await connect(`${RABBITMQ_URL.replace(/\/$/, "")}/${encodeURIComponent(vhost)}`);
  const otherChannel = await other.createConfirmChannel();
  await otherChannel.assertQueue(q.other, { durable: false });
  await publishConfirmed(otherChannel, "", q.other, ["in-vhost"]);
  await other.close();
}, 90_000);

afterAll(async () => {
  await holder?.model.close().catch(() => undefined);
  await connector.close();
  await rabbit?.cleanup();
  await fetch(`${RABBITMQ_MANAGEMENT_URL}/api/vhosts/${encodeURIComponent(vhost)}`, { method: "DELETE", headers: { authorization: auth } }).catch(() => undefined);
});

describe("RabbitMQ connector", () => {
  it("is healthy, and a wrong password reads as the management API's 401", async () => {
    await connector.checkHealth();
    const wrong = new RabbitmqConnector({ ...config, pass: "not-the-password" });
    const error = await errorOf(() => wrong.checkHealth());
    expect(error?.code).toBe("broker-unavailable");
    expect(error?.message).toBe(`management API on :${new URL(RABBITMQ_MANAGEMENT_URL).port} refused: 401`);
    await wrong.close();
  });

  it("snapshot: queues as topics, each queue's consumers as a group with lag = ready + unacked; the DLQ is not a group", async () => {
    const snapshot = await waitFor(
      async () => {
        const taken = await connector.snapshot();
        const work = taken.consumers.find((group) => group.group === q.work);
        const dlq = taken.topics.find((topic) => topic.name === q.dlq);
        // Counts and consumers are the management API's statistics, refreshed every few seconds and
        // not necessarily in the same refresh: wait for all of them.
        return work?.ackPending === 2 && work.pending === 4 && work.members === 1 && dlq?.partitions[0].messages === 5 ? taken : undefined;
      },
      30_000,
      "the management API to show 4 ready + 2 unacked, one consumer and 5 dead letters",
    );
    const work = snapshot.consumers.find((group) => group.group === q.work)!;
    expect(work).toMatchObject({ state: "Stable", members: 1, lag: 6, topics: [q.work] });
    expect(work.partitions[0]).toMatchObject({ partition: 0, lag: 6, high: 6, committed: 0 });
    expect(snapshot.consumers.some((group) => group.group === q.dlq)).toBe(false);
    expect(snapshot.topics.find((topic) => topic.name === `${vhost}/${q.other}`)?.partitions[0].messages).toBe(1);
    const topology = await connector.readTopology();
    expect(topology.topology.dlqs.get(queueKey("/", q.dlq))).toEqual([{ vhost: "/", queue: q.inventory, exchange: q.dlx, routingKey: null }]);
  });

  it("reads the DLQ without taking anything: x-death names the original queue, exchange and routing key", async () => {
    const page = await connector.readMessages(q.dlq, { limit: 3 });
    expect(page.messages.map((message) => message.value?.toString())).toEqual([0, 1, 2].map((order) => JSON.stringify({ order })));
    expect(page.next).toEqual({ partition: 0, offset: 3 });
    const death = parseDeathHeaders(page.messages[0].headers);
    expect(death.first).toEqual({ queue: q.inventory, reason: "rejected", exchange: q.orders, routingKeys: ["order.created.eu"] });
    expect(Date.parse(page.messages[0].timestamp)).toBeGreaterThan(Date.now() - 10 * 60_000);
    const rest = await connector.readMessages(q.dlq, { from: 3, limit: 10 });
    expect(rest.messages.map((message) => message.offset)).toEqual([3, 4]);
    expect(rest.next).toBeUndefined();
    const detail = await connector.describeTopic(q.dlq);
    expect(detail.partitions[0].messages).toBe(5);
  });

  it("search visits every message once and stops when told", async () => {
    const seen: number[] = [];
    const result = await connector.scanMessages(q.dlq, { visit: (message) => (seen.push(message.offset), message.offset === 1), shouldStop: () => false });
    expect(seen).toEqual([0, 1]);
    expect(result.remaining).toEqual([{ partition: 0, offset: 2 }]);
  });

  it("a queue of another vhost is <vhost>/<queue>; unknown queues and vhosts are not-found, bad names invalid-input", async () => {
    const page = await connector.readMessages(`${vhost}/${q.other}`, { limit: 5 });
    expect(page.messages.map((message) => message.value?.toString())).toEqual(["in-vhost"]);
    expect((await errorOf(() => connector.describeTopic(`${run}.missing`)))?.code).toBe("not-found");
    expect((await errorOf(() => connector.describeTopic(`${vhost}/${run}.missing`)))?.code).toBe("not-found");
    expect((await errorOf(() => connector.readMessages("x".repeat(300), { limit: 1 })))?.code).toBe("invalid-input");
    expect((await errorOf(() => connector.describeTopic("bad\u0000name")))?.code).toBe("invalid-input");
    expect((await errorOf(() => connector.readResetPositions(q.work, {})))?.code).toBe("unsupported");
  });

  it("publishes with confirms to a queue; a missing queue is refused, named, and nothing is lost", async () => {
    await connector.publishBatch([
      { topic: q.target, key: null, value: "a", headers: { tenant: "eu" } },
      { topic: q.target, key: null, value: Buffer.from("b") },
    ]);
    const got = await drainQueue(rabbit.model, q.target);
    expect(got.map((message) => message.body)).toEqual(["a", "b"]);
    expect(got[0].headers.tenant).toBe("eu");
    const error = await errorOf(() => connector.publish({ topic: `${run}.nowhere`, value: "x" }));
    expect(error?.code).toBe("broker-refused");
    expect(error?.message).toContain(`${run}.nowhere`);
    expect(await connector.checkTarget(q.target)).toEqual({ ok: true });
    expect(await connector.checkTarget(`${run}.nowhere`)).toMatchObject({ ok: false, code: "missing" });
    expect(await connector.checkTarget("amq.gen-abc")).toMatchObject({ ok: false, code: "reserved" });
  });

  it("describes the cluster from the overview, with a plain sentence for each queue that drops dead letters silently", async () => {
    const info = await connector.describeCluster();
    const drops = info.settings.filter((setting) => setting.name.startsWith("silent drop:") && setting.name.includes(run));
    expect(drops.map((setting) => [setting.name, setting.value])).toEqual(
      expect.arrayContaining([
        [`silent drop: ${q.lost}`, "dead-letter exchange missing"],
        [`silent drop: ${q.limited}`, "delivery limit, no dead-letter exchange"],
      ]),
    );
    expect(drops).toHaveLength(2);
    expect(drops.find((setting) => setting.name.endsWith(q.lost))?.note).toContain(`"${run}.no-such-exchange", which does not exist`);
    expect(info.version).toMatch(/^RabbitMQ \d+\.\d+/);
    expect(info.topics).toBeGreaterThanOrEqual(5);
    expect(isDomainError(await errorOf(() => new RabbitmqConnector({ ...config, managementUrl: "http://127.0.0.1:9" }).describeCluster()))).toBe(true);
  });
});
