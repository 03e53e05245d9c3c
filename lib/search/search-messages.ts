import "server-only";
import type { Actor } from "@/lib/auth/roles";
import type { BrokerConnector, ScannedMessage } from "@/lib/brokers/types";
import { messageMasker } from "@/lib/masking/mask-messages";
import { decodeMessage, messageMatches, type Message } from "@/lib/messages/decode-message";
import { compileNeedle } from "./byte-match";
import { DEFAULT_TIME_BUDGET_MS, createScanBudget, stopReason, type StopReason } from "./scan-budget";
import { decodeSearchCursor, encodeSearchCursor } from "./search-cursor";

export interface SearchQuery {
  q: string;
  limit: number;
  scanLimit: number;
  partition?: number;
  from?: number;
  /** Where messages carry ids (Redis Streams): start at this one. */
  fromId?: string;
  since?: Date;
  /** A `next` from an earlier answer: continues exactly there (partition, from and since are ignored). */
  cursor?: string;
  /** The request's signal: when the caller goes away, the scan stops at its next broker read. */
  signal?: AbortSignal;
}

/** The caller went away (query.signal aborted): the scan stopped early and there is no answer. */
export class SearchAbortedError extends Error {
  constructor(readonly scanned: number) {
    super(`search aborted by the caller after ${scanned} messages`);
    this.name = "SearchAbortedError";
  }
}

/** By name as well as instanceof: bundlers may load this module more than once. */
export const isSearchAborted = (error: unknown): error is SearchAbortedError =>
  error instanceof SearchAbortedError || (error instanceof Error && error.name === "SearchAbortedError");

export interface SearchResult {
  messages: (Message & { masked?: true })[];
  /** Messages looked at by this request. */
  scanned: number;
  /** Continue the search here; absent when every partition was scanned to its end. */
  next?: string;
  stoppedBy: StopReason;
}

/**
 * Server-side search: scans forward through the connector, matching raw bytes first (byte-match.ts)
 * and decoding only candidates. Each candidate is decoded, masked for this user and checked again
 * with messageMatches, so what is returned follows the page filter's rule and a masked value can
 * never make a message match.
 */
export async function searchMessages(
  connector: BrokerConnector,
  topic: string,
  query: SearchQuery,
  actor: Pick<Actor, "canSeeClearValues">,
  timeBudgetMs = DEFAULT_TIME_BUDGET_MS,
): Promise<SearchResult> {
  const { signal } = query;
  if (signal?.aborted) throw new SearchAbortedError(0);
  const resume = query.cursor ? decodeSearchCursor(query.cursor) : undefined;
  const mask = await messageMasker({ topic, actor });
  const needle = compileNeedle(query.q);
  const budget = createScanBudget({ scanLimit: query.scanLimit, timeBudgetMs, now: Date.now });
  const found: (Message & { masked?: true })[] = [];

  const visit = (message: ScannedMessage): boolean => {
    // An abort lands between event-loop turns (while a broker read is awaited); the first message
    // visited after it stops the scan, so the batch already fetched is not scanned for nobody.
    if (signal?.aborted) return true;
    if (needle.matches(message)) {
      const decoded = mask(decodeMessage(materialize(message)));
      if (messageMatches(decoded, query.q)) found.push(decoded);
    }
    const spent = budget.spendOne();
    return found.length >= query.limit || spent;
  };
  const { remaining } = await connector.scanMessages(topic, {
    partition: query.partition,
    from: query.from,
    ...(query.fromId !== undefined ? { fromId: query.fromId } : {}),
    since: query.since,
    resume,
    visit,
    shouldStop: () => signal?.aborted === true || budget.outOfTime(),
  });
  if (signal?.aborted) throw new SearchAbortedError(budget.scanned);

  // Offset order within one partition (times may go back); across partitions, time order as browsing shows it.
  const onePartition = found.every((message) => message.partition === found[0].partition);
  found.sort((a, b) =>
    onePartition ? a.offset - b.offset : a.timestamp.localeCompare(b.timestamp) || a.partition - b.partition || a.offset - b.offset,
  );
  return {
    messages: found,
    scanned: budget.scanned,
    ...(remaining.length > 0 ? { next: encodeSearchCursor(remaining) } : {}),
    stoppedBy: stopReason({ matchesFull: found.length >= query.limit, budget: budget.reason, ended: remaining.length === 0 }),
  };
}

/** A candidate's bytes are copied out of the fetched answer (which the scan lets go of). */
function materialize(message: ScannedMessage) {
  const headers: Record<string, Buffer> = {};
  for (const name in message.headers) headers[name] = Buffer.from(message.headers[name]);
  const millis = message.timestampMs;
  return {
    partition: message.partition,
    offset: message.offset,
    timestamp: new Date(Number.isFinite(millis) && millis >= 0 ? millis : 0).toISOString(),
    key: message.key ? Buffer.from(message.key) : null,
    headers,
    value: message.value ? Buffer.from(message.value) : null,
    ...(message.subject !== undefined ? { subject: message.subject } : {}),
    ...(message.id !== undefined ? { id: message.id } : {}),
  };
}
