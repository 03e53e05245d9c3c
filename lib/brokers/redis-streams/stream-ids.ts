// Redis stream entry ids: "<ms>-<seq>", both unsigned 64-bit integers, ms the time the entry was added
// (Unix epoch milliseconds, unless a producer chose its own ids). Pure: parsing, validation, order and
// the neighbouring ids that turn Redis's inclusive ranges into exclusive ones.

export interface StreamId {
  ms: bigint;
  seq: bigint;
}

const U64_MAX = (1n << 64n) - 1n;
const ID_PATTERN = /^(\d{1,20})-(\d{1,20})$/;

/** The id, or null when `text` is not exactly "<ms>-<seq>" with both parts within 0..2^64-1. */
export function parseStreamId(text: string): StreamId | null {
  if (typeof text !== "string") return null;
  const match = ID_PATTERN.exec(text);
  if (!match) return null;
  const ms = BigInt(match[1]);
  const seq = BigInt(match[2]);
  if (ms > U64_MAX || seq > U64_MAX) return null;
  return { ms, seq };
}

/** A plain sentence saying why `text` is not an entry id, or null when it is one. */
export function streamIdProblem(text: string): string | null {
  if (typeof text !== "string" || text.length === 0) return "an entry id is required, as <ms>-<seq> (e.g. 1733500000000-0)";
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  if (!ID_PATTERN.test(text)) return `${JSON.stringify(shown)} is not an entry id: expected <ms>-<seq>, two whole numbers (e.g. 1733500000000-0)`;
  if (!parseStreamId(text)) return `${JSON.stringify(shown)} is out of range: both parts of an entry id are at most 18446744073709551615`;
  return null;
}

export function formatStreamId(id: StreamId): string {
  return `${id.ms}-${id.seq}`;
}

/** Canonical form ("0001-02" -> "1-2"); throws on a malformed id (callers validate first). */
export function normalizeStreamId(text: string): string {
  const id = parseStreamId(text);
  if (!id) throw new Error(`not a stream entry id: ${text}`);
  return formatStreamId(id);
}

export function compareStreamIds(a: StreamId, b: StreamId): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

/** Compares two id strings; both must be valid. */
export function compareIdTexts(a: string, b: string): number {
  return compareStreamIds(mustParse(a), mustParse(b));
}

/** The smallest id after `id`, or null after the largest possible id. */
export function nextStreamId(id: StreamId): StreamId | null {
  if (id.seq < U64_MAX) return { ms: id.ms, seq: id.seq + 1n };
  if (id.ms < U64_MAX) return { ms: id.ms + 1n, seq: 0n };
  return null;
}

/** The largest id before `id`, or null before 0-0. */
export function previousStreamId(id: StreamId): StreamId | null {
  if (id.seq > 0n) return { ms: id.ms, seq: id.seq - 1n };
  if (id.ms > 0n) return { ms: id.ms - 1n, seq: U64_MAX };
  return null;
}

/**
 * The time an id stands for, epoch ms, or null when it is not a plausible wall-clock time (ids a
 * producer made up, like 1-1, would otherwise make lag "56 years"). Plausible: 2000-01-01 up to a day
 * after `nowMs`.
 */
export function streamIdTimeMs(text: string, nowMs: number): number | null {
  const id = parseStreamId(text);
  if (!id) return null;
  if (id.ms > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  const ms = Number(id.ms);
  if (ms < EARLIEST_PLAUSIBLE_MS || ms > nowMs + 86_400_000) return null;
  return ms;
}

const EARLIEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);

/** The first id at or after a time (for "since"): "<ms>-0". */
export function firstIdAtTime(ms: number): string {
  return `${Math.max(0, Math.floor(ms))}-0`;
}

function mustParse(text: string): StreamId {
  const id = parseStreamId(text);
  if (!id) throw new Error(`not a stream entry id: ${text}`);
  return id;
}
