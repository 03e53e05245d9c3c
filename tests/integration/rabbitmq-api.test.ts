// A RabbitMQ cluster in the console, through the real route handlers: the cluster list (up, and down
// with the management API's reason), queues, messages, consumers and the DLQ view (found through the
// dead-letter exchange, grouped by x-death's reason and original queue), against the real RabbitMQ.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAsAdmin as call } from "../support/auth";
import { uniqueName, waitFor } from "../support/brokers";
import { useTempConsoleEnv } from "../support/console-env";
import { RABBITMQ_MANAGEMENT_URL, RABBITMQ_URL, assertDeadLetterFlow, connectRabbit, publishConfirmed, rabbitCluster, rejectMessages, type TestRabbit } from "../support/rabbitmq";

const run = uniqueName("it-rapi");
const q = { orders: `${run}.orders`, dead: `${run}.dead`, inventory: `${run}.inventory`, dlq: `${run}.parked` };
const { cleanup } = useTempConsoleEnv("eventscope-rabbit-api-", {
  clusters: [
    rabbitCluster("local-rabbit", "Local RabbitMQ"),
    { id: "refused-rabbit", name: "Refused", kind: "rabbitmq", url: RABBITMQ_URL, managementUrl: RABBITMQ_MANAGEMENT_URL, pass: "wrong-password" },
  ],
});
let rabbit: TestRabbit;
let routes: Record<string, any>;
const C = "local-rabbit";

beforeAll(async () => {
  rabbit = await connectRabbit();
  await assertDeadLetterFlow(rabbit, q, { inventoryArguments: { "x-message-ttl": 200 } });
  // 4 rejected by a consumer, then 2 that expire (x-message-ttl): two reasons from one queue.
  await publishConfirmed(rabbit.channel, q.orders, "order.created", ["r0", "r1", "r2", "r3"].map((body) => JSON.stringify({ body })));
  await rejectMessages(rabbit.model, q.inventory, 4);
  await publishConfirmed(rabbit.channel, q.orders, "order.created", ["e0", "e1"].map((body) => JSON.stringify({ body })));
  routes = {
    clusters: await import("@/app/api/v1/clusters/route"),
    topics: await import("@/app/api/v1/clusters/[cluster]/topics/route"),
    messages: await import("@/app/api/v1/clusters/[cluster]/topics/[topic]/messages/route"),
    consumers: await import("@/app/api/v1/clusters/[cluster]/consumers/route"),
    dlqs: await import("@/app/api/v1/clusters/[cluster]/dlq/route"),
    dlqMessages: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/messages/route"),
    dlqSummary: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/summary/route"),
  };
}, 60_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  await rabbit?.cleanup();
  cleanup();
});

describe("a RabbitMQ cluster in the console", () => {
  it("lists the cluster as rabbitmq, up; refused credentials read as down with the management API's reason", async () => {
    const { status, body } = await call(routes.clusters.GET, "/api/v1/clusters");
    expect(status).toBe(200);
    const local = body.clusters.find((cluster: { id: string }) => cluster.id === C);
    const refused = body.clusters.find((cluster: { id: string }) => cluster.id === "refused-rabbit");
    expect(local).toMatchObject({ kind: "rabbitmq", status: "up" });
    expect(refused).toMatchObject({ kind: "rabbitmq", status: "down", error: `management API on :${new URL(RABBITMQ_MANAGEMENT_URL).port} refused: 401` });
    const topics = await call(routes.topics.GET, "/api/v1/clusters/refused-rabbit/topics", { cluster: "refused-rabbit" });
    expect(topics.status).toBe(503);
  });

  it("lists queues and browses one; an unknown queue is 404", async () => {
    const topics = await call(routes.topics.GET, `/api/v1/clusters/${C}/topics?q=${run}`, { cluster: C });
    expect(topics.status).toBe(200);
    expect(JSON.stringify(topics.body)).toContain(q.dlq);
    const page = await waitFor(async () => {
      const response = await call(routes.messages.GET, `/api/v1/clusters/${C}/topics/${q.dlq}/messages?limit=10`, { cluster: C, topic: q.dlq });
      return response.status === 200 && response.body.messages.length === 6 ? response : undefined;
    }, 20_000, "6 dead letters");
    expect(page.body.messages[0].headers["x-first-death-reason"]).toBe("rejected");
    const missing = await call(routes.messages.GET, `/api/v1/clusters/${C}/topics/${run}.none/messages`, { cluster: C, topic: `${run}.none` });
    expect(missing.status).toBe(404);
  });

  it("finds the DLQ through the dead-letter exchange and groups its messages by reason and original queue", async () => {
    const dlqs = await call(routes.dlqs.GET, `/api/v1/clusters/${C}/dlq`, { cluster: C });
    expect(dlqs.status).toBe(200);
    const ours = (dlqs.body.dlqs ?? dlqs.body).find((dlq: { topic: string }) => dlq.topic === q.dlq);
    expect(ours).toMatchObject({ topic: q.dlq, originalTopics: [q.inventory] });
    // The management API's queue figures are refreshed every few seconds (its statistics interval):
    // on a quiet machine this test can run before the DLQ's message count has caught up.
    const messages = await waitFor(async () => {
      const response = await call(routes.dlqMessages.GET, `/api/v1/clusters/${C}/dlq/${q.dlq}/messages?limit=50`, { cluster: C, topic: q.dlq });
      return response.status !== 200 || response.body.messages.length === 6 ? response : undefined;
    }, 30_000, "the 6 dead letters in the DLQ view");
    expect(messages.status).toBe(200);
    expect(messages.body.messages.map((message: { error: string; originalTopic: string }) => [message.error, message.originalTopic])).toEqual([
      ...Array.from({ length: 4 }, () => [`rejected in ${q.inventory}`, q.inventory]),
      ...Array.from({ length: 2 }, () => [`expired in ${q.inventory}`, q.inventory]),
    ]);
    const summary = await call(routes.dlqSummary.GET, `/api/v1/clusters/${C}/dlq/${q.dlq}/summary`, { cluster: C, topic: q.dlq });
    expect(summary.status).toBe(200);
    const groups = summary.body.groups ?? summary.body.errors ?? [];
    expect(groups.map((group: { example: string; count: number }) => [group.example, group.count])).toEqual([
      [`rejected in ${q.inventory}`, 4],
      [`expired in ${q.inventory}`, 2],
    ]);
  });

  it("lists the inventory queue's consumers as a group with its lag", async () => {
    const consumers = await call(routes.consumers.GET, `/api/v1/clusters/${C}/consumers?q=${run}`, { cluster: C });
    expect(consumers.status).toBe(200);
    expect(JSON.stringify(consumers.body)).toContain(q.inventory);
    expect(JSON.stringify(consumers.body)).not.toContain(`"${q.dlq}"`);
  });
});
