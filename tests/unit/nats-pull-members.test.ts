import { describe, expect, it } from "vitest";
import type { ConsumerInfo } from "@nats-io/jetstream";
import { consumerDetailFromInfo } from "@/lib/brokers/nats/nats-consumers";

// A JetStream pull consumer whose client fetches one message at a time is seldom caught with a pull
// request waiting: JetStream's delivery and ack times show that it is being worked on.
const now = Date.parse("2026-12-06T20:00:00Z");
const info = (overrides: Partial<ConsumerInfo>): ConsumerInfo =>
  ({
    stream_name: "ORDERS",
    name: "billing-slow",
    config: {},
    num_pending: 900,
    num_ack_pending: 1,
    num_redelivered: 0,
    num_waiting: 0,
    push_bound: false,
    delivered: { consumer_seq: 101, stream_seq: 101, last_active: "2026-12-06T19:59:59.500Z" },
    ack_floor: { consumer_seq: 100, stream_seq: 100, last_active: "2026-12-06T19:59:59.400Z" },
    ...overrides,
  }) as unknown as ConsumerInfo;
const stream = { state: { last_seq: 1001 } } as never;

describe("JetStream pull consumer members", () => {
  it("counts a pull consumer acking right now as active, with one row saying what JetStream knows", () => {
    const detail = consumerDetailFromInfo(info({}), stream, now);
    expect(detail).toMatchObject({ state: "Active", members: 1 });
    expect(detail.memberDetails).toEqual([
      { memberId: "pull clients", clientId: "not named by JetStream", host: "0 pull requests waiting; last delivery or ack 1 s ago", assignments: [{ topic: "ORDERS", partitions: [0] }] },
    ]);
  });

  it("counts waiting pull requests, and nobody when nothing happened for a while", () => {
    expect(consumerDetailFromInfo(info({ num_waiting: 3 }), stream, now)).toMatchObject({ state: "Active", members: 3 });
    const idle = consumerDetailFromInfo(info({}), stream, now + 60_000);
    expect(idle).toMatchObject({ state: "Idle", members: 0, memberDetails: [] });
  });

  it("counts only connected clients when asked to (offset resets)", () => {
    expect(consumerDetailFromInfo(info({}), stream, null)).toMatchObject({ state: "Idle", members: 0 });
    expect(consumerDetailFromInfo(info({ push_bound: true }), stream, null)).toMatchObject({ state: "Active", members: 1 });
  });
});
