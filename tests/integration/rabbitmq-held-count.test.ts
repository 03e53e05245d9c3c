// A filtered count of a RabbitMQ DLQ while a consumer holds some of its messages (issue 13): a
// read of a queue sees only ready messages, so the messages delivered to a consumer and not yet
// acknowledged were silently left out of a filtered count, a filtered discard and a selection by
// id (the count said 40 of 50). Now such a count answers 409 with RabbitMQ's figure, and counts all
// 50 once the consumer gave them back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "amqplib";
import { callAsAdmin as call } from "../support/auth";
import { uniqueName, waitFor } from "../support/brokers";
import { useTempConsoleEnv } from "../support/console-env";
import { jsonInit } from "../support/routes";
import { assertDeadLetterFlow, connectRabbit, managementQueue, publishConfirmed, rabbitCluster, rejectMessages, type TestRabbit } from "../support/rabbitmq";

const run = uniqueName("it-rheld");
const C = "held-rabbit";
const { cleanup } = useTempConsoleEnv("eventscope-rabbit-held-", { clusters: [rabbitCluster(C)] });
const COUNT = 50;
const HELD = 10;
const names = { orders: `${run}.orders`, dead: `${run}.dead`, inventory: `${run}.inventory`, dlq: `${run}.parked` };
let rabbit: TestRabbit;
let routes: Record<string, any>;

const requeue = (body: unknown) => call(routes.requeue.POST, `/api/v1/clusters/${C}/dlq/${names.dlq}/requeue`, { cluster: C, topic: names.dlq }, jsonInit("POST", body));
const discard = (body: unknown) => call(routes.discard.POST, `/api/v1/clusters/${C}/dlq/${names.dlq}/discard`, { cluster: C, topic: names.dlq }, jsonInit("POST", body));
const everything = { filter: { since: "2000-01-01T00:00:00Z" }, dryRun: true };

beforeAll(async () => {
  rabbit = await connectRabbit();
  routes = {
    requeue: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/requeue/route"),
    discard: await import("@/app/api/v1/clusters/[cluster]/dlq/[topic]/discard/route"),
  };
  await assertDeadLetterFlow(rabbit, names);
  await publishConfirmed(rabbit.channel, names.orders, "order.created", Array.from({ length: COUNT }, (_, i) => JSON.stringify({ order: i })));
  await rejectMessages(rabbit.model, names.inventory, COUNT);
  await waitFor(async () => (await managementQueue(names.dlq)).messages === COUNT || undefined, 30_000, `${COUNT} dead letters counted by the management API`);
}, 60_000);

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  await rabbit?.cleanup();
  cleanup();
});

describe("a filtered count of a RabbitMQ DLQ some of whose messages a consumer holds", () => {
  it("refuses with 409 and RabbitMQ's figure while they are held, and counts them all once they are back", async () => {
    expect((await requeue(everything)).body).toMatchObject({ matched: COUNT });

    // Another consumer of the DLQ takes HELD messages and does not acknowledge them (yet).
    const holder: Channel = await rabbit.model.createChannel();
    await holder.prefetch(HELD);
    let delivered = 0;
    await holder.consume(names.dlq, () => void delivered++);
    await waitFor(async () => (await managementQueue(names.dlq)).messages_unacknowledged === HELD || undefined, 30_000, `${HELD} unacknowledged in the management API`);
    expect(delivered).toBe(HELD);

    const held = await requeue(everything);
    expect(held.status, JSON.stringify(held.body)).toBe(409);
    expect(JSON.stringify(held.body)).toContain(`${HELD} message(s)`);
    const heldDiscard = await discard({ filter: { since: "2000-01-01T00:00:00Z" }, dryRun: true });
    expect(heldDiscard.status, JSON.stringify(heldDiscard.body)).toBe(409);
    // The unfiltered count is RabbitMQ's own figure (ready + unacknowledged): all of them.
    expect((await requeue({ all: true, dryRun: true })).body).toMatchObject({ matched: COUNT });

    await holder.close(); // the held messages go back to the DLQ
    await waitFor(async () => (await managementQueue(names.dlq)).messages_unacknowledged === 0 || undefined, 30_000, "nothing unacknowledged");
    expect((await requeue(everything)).body).toMatchObject({ matched: COUNT });
  }, 120_000);
});
