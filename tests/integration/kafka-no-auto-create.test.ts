import { afterAll, describe, expect, it } from "vitest";
import { KafkaConnector } from "@/lib/brokers/kafka/kafka-connector";
import { KAFKA_BROKERS, testKafka, uniqueName } from "../support/brokers";

// The test broker, like many real ones, has auto.create.topics.enable=true: a client that asks
// about a missing topic in a Metadata request that allows creation makes the broker create it.
// A console must never do that: an operator who deletes a topic would see it come back, empty, the
// moment the console looked (and a typo in a search would litter the cluster). Every read the
// console makes about a topic by name is asked here about a name that does not exist.
const connector = new KafkaConnector({ id: "it-no-auto-create", name: "IT no auto-create", kind: "kafka", brokers: KAFKA_BROKERS });

afterAll(async () => {
  await connector.close();
});

const settle = (work: () => Promise<unknown>) => work().then(() => "answered", (error: Error) => `refused: ${error.message}`);

describe("the Kafka connector never creates a topic it is asked about", () => {
  it("leaves a missing topic missing after every read and write by name", async () => {
    const missing = uniqueName("it-missing");
    const outcomes = {
      checkTarget: await settle(() => connector.checkTarget(missing)),
      describeTopic: await settle(() => connector.describeTopic(missing)),
      readMessages: await settle(() => connector.readMessages(missing, { limit: 5 })),
      scanMessages: await settle(() => connector.scanMessages(missing, { visit: () => false, shouldStop: () => false })),
      offsetsAtTime: await settle(() => connector.offsetsAtTime(missing, new Date())),
      countRetained: await settle(() => connector.countRetained(missing, [{ partition: 0, offset: 0 }])),
      readOffsetTimestamps: await settle(() => connector.readOffsetTimestamps([{ topic: missing, partition: 0, offset: 0 }])),
      publish: await settle(() => connector.publish({ topic: missing, value: "x" })),
      snapshot: await settle(() => connector.snapshot()),
    };
    // Each call answered or refused in its own way; none of them may have made the topic.
    expect(outcomes.publish).toMatch(/^refused/);
    const admin = testKafka().admin();
    await admin.connect();
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // a creation is asynchronous in KRaft
      expect(await admin.listTopics(), JSON.stringify(outcomes)).not.toContain(missing);
    } finally {
      await admin.disconnect();
    }
  }, 60_000);
});
