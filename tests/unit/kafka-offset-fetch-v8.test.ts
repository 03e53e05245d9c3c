import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { KafkaInternalBroker } from "@/lib/brokers/kafka/internal-cluster";
import { isCoordinatorMoved } from "@/lib/brokers/kafka/kafka-errors";
import { decodeOffsetFetchV8, encodeOffsetFetchV8, offsetFetchBatched, supportsBatchedOffsetFetch } from "@/lib/brokers/kafka/offset-fetch-batched";

// OffsetFetch v8 as the Kafka protocol defines it (flexible version: compact strings and arrays as
// length + 1 in an unsigned varint, a tagged-field count after each structure).
type Encoder = {
  writeUVarInt(value: number): Encoder;
  writeUVarIntString(value: string | null): Encoder;
  writeInt16(value: number): Encoder;
  writeInt32(value: number): Encoder;
  writeInt64(value: number | string): Encoder;
  buffer: Buffer;
};
const EncoderClass = createRequire(path.join(process.cwd(), "package.json"))("kafkajs/src/protocol/encoder") as new () => Encoder;

describe("OffsetFetch v8 codec", () => {
  it("asks for every committed partition of each group, without require_stable", () => {
    const bytes = [...encodeOffsetFetchV8(["ab", "c"])];
    expect(bytes).toEqual([
      0, // request header tagged fields
      3, // 2 groups
      3, 0x61, 0x62, 0, 0, // "ab", topics null, tagged fields
      2, 0x63, 0, 0, // "c", topics null, tagged fields
      0, // require_stable false
      0, // tagged fields
    ]);
  });

  it("reads groups, topics, partitions and error codes", () => {
    const e = new EncoderClass();
    e.writeUVarInt(0); // response header tagged fields
    e.writeInt32(0); // throttle
    e.writeUVarInt(3); // 2 groups
    // group "g1": topic "t" with partitions 0 (offset 42) and 1 (no commit: -1)
    e.writeUVarIntString("g1").writeUVarInt(2).writeUVarIntString("t").writeUVarInt(3);
    e.writeInt32(0).writeInt64(42).writeInt32(-1).writeUVarIntString("").writeInt16(0).writeUVarInt(0);
    e.writeInt32(1).writeInt64(-1).writeInt32(-1).writeUVarIntString(null).writeInt16(0).writeUVarInt(0);
    e.writeUVarInt(0); // topic tagged fields
    e.writeInt16(0).writeUVarInt(0); // group error, tagged fields
    // group "g2": no topics, NOT_COORDINATOR (16)
    e.writeUVarIntString("g2").writeUVarInt(1).writeInt16(16).writeUVarInt(0);
    e.writeUVarInt(0);
    expect(decodeOffsetFetchV8(e.buffer)).toEqual([
      {
        groupId: "g1",
        errorCode: 0,
        topics: [
          { topic: "t", partitions: [0, 1], offsets: [42, -1] },
        ],
      },
      { groupId: "g2", errorCode: 16, topics: [] },
    ]);
  });

  it("is used only where the broker offers v8, and a moved group surfaces as kafkajs's coordinator error", async () => {
    const response = new EncoderClass();
    response.writeUVarInt(0).writeInt32(0).writeUVarInt(2);
    response.writeUVarIntString("g2").writeUVarInt(1).writeInt16(16).writeUVarInt(0);
    response.writeUVarInt(0);
    const sent: Buffer[] = [];
    const broker = {
      versions: { 9: { minVersion: 0, maxVersion: 9 } },
      connectionPool: {
        send: async ({ request, response: codec }: { request: { apiVersion: number; encode: () => Promise<{ buffer: Buffer }> }; response: { decode: (b: Buffer) => Promise<unknown>; parse: (d: unknown) => Promise<unknown> } }) => {
          expect(request.apiVersion).toBe(8);
          sent.push((await request.encode()).buffer);
          return codec.parse(await codec.decode(response.buffer));
        },
      },
    } as unknown as KafkaInternalBroker;
    expect(supportsBatchedOffsetFetch(broker)).toBe(true);
    expect(supportsBatchedOffsetFetch({ versions: { 9: { minVersion: 0, maxVersion: 7 } } } as unknown as KafkaInternalBroker)).toBe(false);
    const error = await offsetFetchBatched(broker, ["g2"]).catch((e: unknown) => e);
    expect(isCoordinatorMoved(error)).toBe(true);
    expect(sent[0]).toEqual(encodeOffsetFetchV8(["g2"]));
  });
});
