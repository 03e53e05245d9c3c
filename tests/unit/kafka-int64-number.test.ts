import { describe, expect, it } from "vitest";
import { FlexibleReader } from "@/lib/brokers/kafka/flexible-codec";
import { decodeListOffsetsV3 } from "@/lib/brokers/kafka/list-offsets";

// Offsets and sizes are read as two 32-bit halves instead of a BigInt (sampling cycles read 10,000s):
// the number must be what Number() of the BigInt gives, sign and large values included.
const values = [0n, 1n, 42n, -1n, -2n, 4_294_967_295n, 4_294_967_296n, 4_294_967_297n, 123_456_789_012_345n, 2n ** 53n - 1n, -(2n ** 40n) - 7n, 2n ** 63n - 1n, -(2n ** 63n)];

describe("64-bit integers as numbers", () => {
  it("FlexibleReader.int64Number equals Number(BigInt) for each value", () => {
    const data = Buffer.alloc(8 * values.length);
    values.forEach((value, index) => data.writeBigInt64BE(value, index * 8));
    const reader = new FlexibleReader(data, "test");
    for (const value of values) expect(reader.int64Number()).toBe(Number(value));
  });

  it("ListOffsets v3 decodes every offset as Number(BigInt) would", () => {
    const name = Buffer.from("t");
    const body = Buffer.alloc(4 + 4 + 2 + name.length + 4 + 22 * values.length);
    let at = body.writeInt32BE(0, 0);
    at = body.writeInt32BE(1, at);
    at = body.writeInt16BE(name.length, at);
    at += name.copy(body, at);
    at = body.writeInt32BE(values.length, at);
    values.forEach((value, partition) => {
      at = body.writeInt32BE(partition, at);
      at = body.writeInt16BE(0, at);
      at = body.writeBigInt64BE(-1n, at);
      at = body.writeBigInt64BE(value, at);
    });
    const [topic] = decodeListOffsetsV3(body);
    expect(topic.partitions.map((p) => p.offset)).toEqual(values.map((value) => Number(value)));
  });
});
