import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { KafkaInternalBroker } from "@/lib/brokers/kafka/internal-cluster";
import {
  decodeDescribeLogDirs,
  describeLogDirs,
  encodeDescribeLogDirs,
  pickDescribeLogDirsVersion,
  sumLeaderSizes,
  type LogDirsAnswer,
} from "@/lib/brokers/kafka/describe-log-dirs";

// DescribeLogDirs (API key 35) v2-v4 as the Kafka protocol defines it; responses built with kafkajs's
// own encoder so the bytes do not come from the code under test.
type Encoder = {
  writeUVarInt(value: number): Encoder;
  writeUVarIntString(value: string | null): Encoder;
  writeInt8(value: number): Encoder;
  writeInt16(value: number): Encoder;
  writeInt32(value: number): Encoder;
  writeInt64(value: number | string): Encoder;
  buffer: Buffer;
};
const EncoderClass = createRequire(path.join(process.cwd(), "package.json"))("kafkajs/src/protocol/encoder") as new () => Encoder;

/** One log dir "/data" holding t[0] (1234 bytes), t[1] (a future replica of 99 bytes) and u[0] (0 bytes). */
function response(version: number, { topError = 0, dirError = 0 } = {}): Buffer {
  const e = new EncoderClass();
  e.writeUVarInt(0).writeInt32(0); // response header tagged fields, throttle
  if (version >= 3) e.writeInt16(topError);
  e.writeUVarInt(2); // 1 log dir
  e.writeInt16(dirError).writeUVarIntString("/data");
  e.writeUVarInt(3); // 2 topics
  e.writeUVarIntString("t").writeUVarInt(3);
  e.writeInt32(0).writeInt64("1234").writeInt64(0).writeInt8(0).writeUVarInt(0);
  e.writeInt32(1).writeInt64("99").writeInt64(5).writeInt8(1).writeUVarInt(0);
  e.writeUVarInt(0);
  e.writeUVarIntString("u").writeUVarInt(2);
  e.writeInt32(0).writeInt64(0).writeInt64(0).writeInt8(0).writeUVarInt(0);
  e.writeUVarInt(0);
  if (version >= 4) e.writeInt64("1000000").writeInt64("500000");
  e.writeUVarInt(0); // log dir tagged fields
  e.writeUVarInt(0); // response tagged fields
  return e.buffer;
}

describe("DescribeLogDirs codec", () => {
  it("asks for everything (topics null) or for listed partitions", () => {
    expect([...encodeDescribeLogDirs(null)]).toEqual([0, 0, 0]); // header tags, null array, tags
    expect([...encodeDescribeLogDirs([{ topic: "ab", partitions: [0, 2] }])]).toEqual([
      0, // request header tagged fields
      2, // 1 topic
      3, 0x61, 0x62, // "ab"
      3, 0, 0, 0, 0, 0, 0, 0, 2, // 2 partitions: 0, 2
      0, // topic tagged fields
      0, // tagged fields
    ]);
  });

  it.each([2, 3, 4])("reads log dirs, replicas and sizes in v%i", (version) => {
    expect(decodeDescribeLogDirs(response(version), version)).toEqual({
      errorCode: 0,
      logDirs: [
        {
          logDir: "/data",
          errorCode: 0,
          replicas: [
            { topic: "t", partition: 0, size: 1234, isFuture: false },
            { topic: "t", partition: 1, size: 99, isFuture: true },
            { topic: "u", partition: 0, size: 0, isFuture: false },
          ],
        },
      ],
    });
  });

  it("fails clearly on a truncated response", () => {
    const full = response(4);
    expect(() => decodeDescribeLogDirs(full.subarray(0, full.length - 12), 4)).toThrow(/DescribeLogDirs v4 response ends early/);
  });

  it("uses the highest version both sides speak, none below v2", () => {
    expect(pickDescribeLogDirsVersion({ minVersion: 0, maxVersion: 4 })).toBe(4);
    expect(pickDescribeLogDirsVersion({ minVersion: 1, maxVersion: 5 })).toBe(4);
    expect(pickDescribeLogDirsVersion({ minVersion: 0, maxVersion: 3 })).toBe(3);
    expect(pickDescribeLogDirsVersion({ minVersion: 0, maxVersion: 1 })).toBeNull();
    expect(pickDescribeLogDirsVersion({ minVersion: 5, maxVersion: 6 })).toBeNull();
    expect(pickDescribeLogDirsVersion(undefined)).toBeNull();
  });
});

describe("sumLeaderSizes", () => {
  const answer = (replicas: [string, number, number][], extra: Partial<LogDirsAnswer> = {}): LogDirsAnswer => ({
    errorCode: 0,
    logDirs: [{ logDir: "/d", errorCode: 0, replicas: replicas.map(([topic, partition, size]) => ({ topic, partition, size, isFuture: false })) }],
    ...extra,
  });

  it("counts each partition once, from its leader, and leaves a topic with any size missing unknown", () => {
    const topics = [
      { topic: "a", partitions: [{ partition: 0, leader: 1 }, { partition: 1, leader: 2 }] },
      { topic: "b", partitions: [{ partition: 0, leader: 2 }] },
      { topic: "c", partitions: [{ partition: 0, leader: 3 }] }, // broker 3 unsupported
      { topic: "d", partitions: [{ partition: 0, leader: -1 }] }, // no leader
      { topic: "empty", partitions: [{ partition: 0, leader: 1 }] },
    ];
    const answers = new Map<number, LogDirsAnswer | null>([
      // Both brokers hold replicas of a[0] and a[1]: only the leaders' figures count.
      [1, answer([["a", 0, 100], ["a", 1, 7777], ["empty", 0, 0]])],
      [2, answer([["a", 0, 8888], ["a", 1, 50], ["b", 0, 5]])],
      [3, null],
    ]);
    expect(Object.fromEntries(sumLeaderSizes(topics, answers))).toEqual({ a: 150, b: 5, c: null, d: null, empty: 0 });
  });

  it("ignores refused answers, failed log dirs and future replicas", () => {
    const topics = [{ topic: "a", partitions: [{ partition: 0, leader: 1 }] }];
    expect(sumLeaderSizes(topics, new Map([[1, answer([["a", 0, 10]], { errorCode: 31 })]])).get("a")).toBeNull();
    const failedDir: LogDirsAnswer = { errorCode: 0, logDirs: [{ logDir: "/d", errorCode: 56, replicas: [{ topic: "a", partition: 0, size: 10, isFuture: false }] }] };
    expect(sumLeaderSizes(topics, new Map([[1, failedDir]])).get("a")).toBeNull();
    const future: LogDirsAnswer = { errorCode: 0, logDirs: [{ logDir: "/d", errorCode: 0, replicas: [{ topic: "a", partition: 0, size: 10, isFuture: true }] }] };
    expect(sumLeaderSizes(topics, new Map([[1, future]])).get("a")).toBeNull();
  });
});

describe("describeLogDirs on a broker connection", () => {
  it("sends the highest common version and skips brokers without one", async () => {
    const sent: { version: number; body: Buffer }[] = [];
    const broker = (range: { minVersion: number; maxVersion: number }) =>
      ({
        versions: { 35: range },
        connectionPool: {
          send: async ({ request, response: codec }: { request: { apiKey: number; apiVersion: number; encode: () => Promise<{ buffer: Buffer }> }; response: { decode: (b: Buffer) => Promise<unknown>; parse: (d: unknown) => Promise<unknown> } }) => {
            expect(request.apiKey).toBe(35);
            sent.push({ version: request.apiVersion, body: (await request.encode()).buffer });
            return codec.parse(await codec.decode(response(request.apiVersion)));
          },
        },
      }) as unknown as KafkaInternalBroker;
    const answer = await describeLogDirs(broker({ minVersion: 0, maxVersion: 4 }), null);
    expect(answer?.logDirs[0].replicas[0]).toEqual({ topic: "t", partition: 0, size: 1234, isFuture: false });
    expect(sent).toEqual([{ version: 4, body: encodeDescribeLogDirs(null) }]);
    expect(await describeLogDirs(broker({ minVersion: 0, maxVersion: 1 }), null)).toBeNull();
    expect(sent).toHaveLength(1);
  });
});
