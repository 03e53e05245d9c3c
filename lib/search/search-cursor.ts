// The `next` of a search: where each partition's scan stopped, so a second request continues
// exactly there. Opaque to clients (base64url text); partitions that reached their end are left out.
import { invalidInput } from "@/lib/errors";

export interface ScanPosition {
  partition: number;
  /** The next offset / stream sequence not yet looked at. */
  offset: number;
  /** Where messages carry ids (Redis Streams): the id to go on from, which wins over the (positional) offset. */
  id?: string;
}

const VERSION = "s1";

/**
 * "s1:" + partition.offset pairs joined by "," in base64url: short enough for a URL at hundreds of
 * partitions. A position with an id is written partition.offset.id ("0.12.1733500000000-7").
 */
export function encodeSearchCursor(positions: ScanPosition[]): string {
  const body = positions.map((position) => `${position.partition}.${position.offset}${position.id !== undefined ? `.${position.id}` : ""}`).join(",");
  return Buffer.from(`${VERSION}:${body}`, "utf8").toString("base64url");
}

/** The positions in a cursor; a 400 naming `cursor` when it was not made by encodeSearchCursor. */
export function decodeSearchCursor(cursor: string): ScanPosition[] {
  const bad = () => invalidInput("cursor", "not a search cursor from this API (pass the `next` of a search answer)");
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith(`${VERSION}:`)) throw bad();
  const body = text.slice(VERSION.length + 1);
  if (body === "") throw bad();
  const seen = new Set<number>();
  return body.split(",").map((pair) => {
    const match = /^(\d{1,7})\.(\d{1,16})(?:\.(\d{1,20}-\d{1,20}))?$/.exec(pair);
    if (!match) throw bad();
    const partition = Number(match[1]);
    const offset = Number(match[2]);
    if (!Number.isSafeInteger(offset) || seen.has(partition)) throw bad();
    seen.add(partition);
    return { partition, offset, ...(match[3] !== undefined ? { id: match[3] } : {}) };
  });
}
