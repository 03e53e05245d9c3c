// The primitives of Kafka's "flexible" protocol versions (KIP-482): compact strings and arrays
// (length + 1 as an unsigned varint) and a tagged-field buffer after each structure. kafkajs 2.2.4
// has them only inside its own request definitions, so the requests we add ourselves (OffsetFetch v8,
// DescribeLogDirs v2+) encode and decode with these. Pure: tested on hand-made buffers.

/** Writes the primitives a flexible request needs. */
export class FlexibleWriter {
  private readonly parts: Buffer[] = [];
  uvarint(value: number): this {
    const bytes: number[] = [];
    let rest = value >>> 0;
    while (rest >= 0x80) {
      bytes.push((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    bytes.push(rest);
    this.parts.push(Buffer.from(bytes));
    return this;
  }
  compactString(value: string): this {
    const bytes = Buffer.from(value, "utf8");
    this.uvarint(bytes.length + 1);
    this.parts.push(bytes);
    return this;
  }
  int8(value: number): this {
    this.parts.push(Buffer.from([value & 0xff]));
    return this;
  }
  int32(value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeInt32BE(value);
    this.parts.push(bytes);
    return this;
  }
  get buffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Reads them back; `what` names the response in the error a truncated buffer gives. */
export class FlexibleReader {
  private offset = 0;
  constructor(
    private readonly data: Buffer,
    private readonly what = "Kafka response",
  ) {}
  private need(bytes: number): void {
    if (this.offset + bytes > this.data.length) throw new Error(`${this.what} ends early`);
  }
  uvarint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.data[this.offset++];
      if (byte === undefined) throw new Error(`${this.what} ends early`);
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7;
    }
  }
  int8(): number {
    this.need(1);
    return this.data.readInt8(this.offset++);
  }
  int16(): number {
    this.need(2);
    const value = this.data.readInt16BE(this.offset);
    this.offset += 2;
    return value;
  }
  int32(): number {
    this.need(4);
    const value = this.data.readInt32BE(this.offset);
    this.offset += 4;
    return value;
  }
  /**
   * As a number, exact up to 2^53 (and rounded once beyond, as Number(string) would): read as two
   * 32-bit halves, no BigInt and no string, for the 10,000s of offsets and sizes a sampling cycle reads.
   */
  int64Number(): number {
    this.need(8);
    const value = this.data.readInt32BE(this.offset) * 4_294_967_296 + this.data.readUInt32BE(this.offset + 4);
    this.offset += 8;
    return value;
  }
  /** As a decimal string: offsets can exceed 2^53. */
  int64(): string {
    this.need(8);
    const value = this.data.readBigInt64BE(this.offset);
    this.offset += 8;
    return value.toString();
  }
  compactNullableString(): string | null {
    const length = this.uvarint();
    if (length === 0) return null;
    this.need(length - 1);
    const value = this.data.toString("utf8", this.offset, this.offset + length - 1);
    this.offset += length - 1;
    return value;
  }
  compactArray<T>(item: () => T): T[] {
    const length = this.uvarint();
    const items: T[] = [];
    for (let index = 0; index < length - 1; index++) items.push(item());
    return items;
  }
  /** The tagged fields' raw values by tag, for a caller that reads some of them. */
  taggedFieldValues(): Map<number, Buffer> {
    const values = new Map<number, Buffer>();
    const count = this.uvarint();
    for (let index = 0; index < count; index++) {
      const tag = this.uvarint();
      const size = this.uvarint();
      this.need(size);
      values.set(tag, this.data.subarray(this.offset, this.offset + size));
      this.offset += size;
    }
    return values;
  }
  taggedFields(): void {
    const count = this.uvarint();
    for (let index = 0; index < count; index++) {
      this.uvarint(); // tag
      this.offset += this.uvarint(); // size, then skip the value
    }
  }
}
