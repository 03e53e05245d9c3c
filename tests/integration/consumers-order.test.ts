import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import { KAFKA_BROKERS, createTopic, testKafka, uniqueName } from "../support/brokers";
import { callAsAdmin as call } from "../support/auth";
import { useTempConsoleEnv } from "../support/console-env";

// The consumer list sorted by lag and filtered by status over every group (issue 12 item 9),
// through the real route against the real Kafka.
const { cleanup } = useTempConsoleEnv("eventscope-consumers-order-", {
  clusters: [{ id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS }],
});

const prefix = uniqueName("it-order");
const topic = `${prefix}-topic`;
const groups = { small: `${prefix}-small`, big: `${prefix}-big`, middle: `${prefix}-middle` };
let kafka: Kafka;
let route: typeof import("@/app/api/v1/clusters/[cluster]/consumers/route");

beforeAll(async () => {
  kafka = testKafka();
  await createTopic(kafka, topic, 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: String(i) })) });
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  for (const [group, offset] of [[groups.small, "9"], [groups.big, "1"], [groups.middle, "5"]]) {
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset }] });
  }
  await admin.disconnect();
  route = await import("@/app/api/v1/clusters/[cluster]/consumers/route");
}, 60_000);

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups(Object.values(groups)).catch(() => undefined);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
  cleanup();
});

const list = (search: string) => call(route.GET, `/api/v1/clusters/local-kafka/consumers?q=${prefix}&${search}`, { cluster: "local-kafka" });

describe("GET /clusters/{cluster}/consumers ordered", () => {
  it("sorts every group by lag, biggest first, and pages by position", async () => {
    const first = await list("sort=lag&limit=2");
    expect(first.status).toBe(200);
    expect(first.body.consumers.map((c: { group: string; lag: number }) => [c.group, c.lag])).toEqual([
      [groups.big, 9],
      [groups.middle, 5],
    ]);
    expect(first.body.total).toBe(3);
    const second = await list(`sort=lag&limit=2&cursor=${first.body.next}`);
    expect(second.body.consumers.map((c: { group: string }) => c.group)).toEqual([groups.small]);
    const ascending = await list("sort=lag&dir=asc");
    expect(ascending.body.consumers.map((c: { group: string }) => c.group)).toEqual([groups.small, groups.middle, groups.big]);
  });

  it("filters by status", async () => {
    const unknown = await list("status=UNKNOWN,OK,WARN,ERR");
    expect(unknown.body.total).toBe(3);
    const none = await list("status=ERR&sort=status");
    expect(none.body.consumers.every((c: { status: string }) => c.status === "ERR")).toBe(true);
  });

  it("lists the groups reading one topic", async () => {
    const reading = await list(`topic=${topic}`);
    expect(reading.body.consumers.map((c: { group: string }) => c.group)).toEqual([groups.big, groups.middle, groups.small]);
    expect((await list("topic=no-such-topic-zz")).body.total).toBe(0);
  });

  it("refuses an unknown sort or status naming the field", async () => {
    const badSort = await list("sort=members");
    expect(badSort.status).toBe(400);
    expect(badSort.body.error.message).toMatch(/^sort/);
    const badStatus = await list("status=BAD");
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.message).toMatch(/^status/);
  });
});
