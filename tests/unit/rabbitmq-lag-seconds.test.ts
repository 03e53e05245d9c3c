import { describe, expect, it } from "vitest";
import { toRabbitQueue } from "@/lib/brokers/rabbitmq/queue-rows";
import { headTimesOf, queueConsumers } from "@/lib/brokers/rabbitmq/rabbitmq-snapshot";

// RabbitMQ lag in seconds (issue 13 item 1): the head message's time at the consumers' position,
// where the broker says it (head_message_timestamp); unknown otherwise.
const NOW = 1_765_000_000_000;

describe("headTimesOf", () => {
  it("gives the head message's time at the position the sampler asks for", () => {
    const queue = toRabbitQueue({ name: "orders", vhost: "/", messages_ready: 3, messages_unacknowledged: 1, messages: 4, head_message_timestamp: NOW / 1000 - 90 }, NOW);
    const group = queueConsumers(queue)!;
    const times = headTimesOf([queue], NOW);
    expect(times.get(`orders\u0000${group.partitions[0].committed}`)).toBe(NOW - 90_000);
  });

  it("says nothing when the head has no timestamp (the lag in seconds stays unknown)", () => {
    const queue = toRabbitQueue({ name: "orders", vhost: "/", messages_ready: 3, messages: 3 }, NOW);
    expect(headTimesOf([queue], NOW).size).toBe(0);
  });
});
