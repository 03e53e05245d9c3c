import { gunzipSync, gzipSync } from "node:zlib";
import type { ClusterSnapshot } from "@/lib/brokers/types";

// How a broker snapshot is stored in RawSample.snapshot: gzip of `{ v, snapshot }` JSON. Offsets of
// thousands of partitions compress several times over. The version lets a later format change skip
// old rows (they are replaced within the hour) instead of feeding them to the derivation.

export const SNAPSHOT_FORMAT = 1;

export function encodeSnapshot(snapshot: ClusterSnapshot): Uint8Array<ArrayBuffer> {
  const zipped = gzipSync(JSON.stringify({ v: SNAPSHOT_FORMAT, snapshot }));
  // A fresh ArrayBuffer of exactly the right size (Prisma's Bytes type wants Uint8Array<ArrayBuffer>).
  const bytes = new Uint8Array(new ArrayBuffer(zipped.byteLength));
  bytes.set(zipped);
  return bytes;
}

/** The snapshot, or undefined for a row of another format or one that does not decode. */
export function decodeSnapshot(bytes: Uint8Array): ClusterSnapshot | undefined {
  let value: unknown;
  try {
    value = JSON.parse(gunzipSync(bytes).toString("utf8"));
  } catch {
    return undefined;
  }
  if (!value || typeof value !== "object") return undefined;
  const { v, snapshot } = value as { v?: unknown; snapshot?: Partial<ClusterSnapshot> };
  if (v !== SNAPSHOT_FORMAT || !snapshot || typeof snapshot !== "object") return undefined;
  if (typeof snapshot.at !== "number" || !Array.isArray(snapshot.topics) || !Array.isArray(snapshot.consumers)) return undefined;
  return snapshot as ClusterSnapshot;
}
