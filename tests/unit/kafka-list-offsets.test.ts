import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isTopicChurn } from "@/lib/brokers/kafka/kafka-errors";
import { decodeListOffsetsV3, EARLIEST, encodeListOffsetsV3, LATEST, listOffsetsError } from "@/lib/brokers/kafka/list-offsets";

// ListOffsets v3 as the Kafka protocol defines it (a non-flexible version: int16-length strings,
// int32-length arrays). Requests are compared with what kafkajs's own v3 encoder writes for the same
// partitions; responses are written by hand with kafkajs's Encoder.
type Encoder = {
  writeInt8(value: number): Encoder;
  writeInt16(value: number): Encoder;
  writeInt32(value: number): Encoder;
  writeInt64(value: number | string): Encoder;
  writeString(value: string): Encoder;
  buffer: Buffer;
};
const requireFromRoot = createRequire(path.join(process.cwd(), "package.json"));
const EncoderClass = requireFromRoot("kafkajs/src/protocol/encoder") as new () => Encoder;
const kafkajsListOffsetsV3 = requireFromRoot("kafkajs/src/protocol/requests/listOffsets/v3/request") as (args: {
  replicaId: number;
  isolationLevel: number;
  topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
}) => { encode(): Promise<{ buffer: Buffer }> };

describe("ListOffsets v3 codec", () => {
  it("encodes the same bytes as kafkajs's v3 request (consumer replica id, READ_COMMITTED)", async () => {
    const topics = [
      { topic: "orders", partitions: [0, 1, 2] },
      { topic: "päyments", partitions: [7] },
    ];
    for (const timestamp of [LATEST, EARLIEST]) {
      const ours = encodeListOffsetsV3(topics, timestamp);
      const theirs = await kafkajsListOffsetsV3({
        replicaId: -1,
        isolationLevel: 1,
        topics: topics.map(({ topic, partitions }) => ({ topic, partitions: partitions.map((partition) => ({ partition, timestamp })) })),
      }).encode();
      expect(ours.equals(theirs.buffer)).toBe(true);
    }
  });

  it("lays the request out field by field", () => {
    const bytes = [...encodeListOffsetsV3([{ topic: "ab", partitions: [5] }], EARLIEST)];
    expect(bytes).toEqual([
      0xff, 0xff, 0xff, 0xff, // replica_id -1
      1, // isolation_level READ_COMMITTED
      0, 0, 0, 1, // 1 topic
      0, 2, 0x61, 0x62, // "ab"
      0, 0, 0, 1, // 1 partition
      0, 0, 0, 5, // partition 5
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, // timestamp -2 (earliest)
    ]);
  });

  it("reads topics, partitions, error codes and offsets", () => {
    const e = new EncoderClass().writeInt32(0).writeInt32(2); // throttle, 2 topics
    e.writeString("t1").writeInt32(2);
    e.writeInt32(0).writeInt16(0).writeInt64(-1).writeInt64(42);
    e.writeInt32(1).writeInt16(0).writeInt64(-1).writeInt64("9007199254740000");
    e.writeString("t2").writeInt32(1);
    e.writeInt32(3).writeInt16(6).writeInt64(-1).writeInt64(-1);
    expect(decodeListOffsetsV3(e.buffer)).toEqual([
      {
        topic: "t1",
        partitions: [
          { partition: 0, errorCode: 0, offset: 42 },
          { partition: 1, errorCode: 0, offset: 9007199254740000 },
        ],
      },
      { topic: "t2", partitions: [{ partition: 3, errorCode: 6, offset: -1 }] },
    ]);
  });

  it("refuses a truncated response instead of reading garbage", () => {
    const e = new EncoderClass().writeInt32(0).writeInt32(1).writeString("t").writeInt32(2);
    e.writeInt32(0).writeInt16(0).writeInt64(-1).writeInt64(1); // only one of two partitions
    expect(() => decodeListOffsetsV3(e.buffer)).toThrow(/ends early/);
  });

  it("names partition errors as kafkajs does, so a moved leader or deleted topic is retried", () => {
    expect(isTopicChurn(listOffsetsError(6, "t", 0))).toBe(true);
    expect(isTopicChurn(listOffsetsError(3, "t", 0))).toBe(true);
    expect(listOffsetsError(87, "t", 0).message).toMatch(/t\[0\].*87/);
  });
});
