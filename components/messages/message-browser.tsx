"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { capabilitiesFor, vocabularyFor } from "@/lib/client/cluster-labels";
import { useMemo, useState, type FormEvent } from "react";
import type { MessageBrowseParams } from "@/lib/query-keys";
import type { ClusterKind } from "@/lib/contract/common";
import type { PartitionOffsets } from "@/lib/contract/topics";
import { pluralize } from "@/lib/client/format";
import { messageOrderFromSearch, orderMessages, type MessageOrder } from "@/lib/client/list-url-state";
import {
  browseDraftFromSearch,
  browseParamsToSearch,
  buildBrowseParams,
  initialBrowseDraft,
  nextPageParams,
  olderPageParams,
  type MessageBrowseDraft,
} from "@/lib/client/message-browse";
import {
  addToTally,
  continueSearchParams,
  emptyTally,
  isSearch,
  pageCursor,
  searchCursor,
  searchErrorTitle,
  searchSummary,
  type SearchTally,
} from "@/lib/client/message-search";
import { MESSAGE_LIMITS } from "@/lib/client/query-config";
import { useMessages } from "@/lib/client/queries";
import { useElapsedSeconds } from "@/lib/client/use-elapsed";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Input, Select } from "@/components/ui/input";
import { FetchingIndicator, LoadingState } from "@/components/ui/loading-state";
import { Section } from "@/components/ui/section";
import { MessageTable } from "./message-table";
import { useTimeZone } from "@/lib/client/use-time-zone";
import { timePlaceholder, zoneWord } from "@/lib/client/time-input";
import { formatTime, type TimeZoneChoice } from "@/lib/client/format";

function describe(params: MessageBrowseParams, offsetLabel: string, isStream: boolean, zone: TimeZoneChoice): string {
  const parts: string[] = [];
  if (!isStream) parts.push(params.partition === null ? "all partitions" : `partition ${params.partition}`);
  if (params.fromId) parts.push(`from ${offsetLabel.toLowerCase()} ${params.fromId}`);
  else if (params.from !== null) parts.push(`from ${offsetLabel.toLowerCase()} ${params.from}`);
  if (params.since !== null) parts.push(`since ${formatTime(params.since, { zone })}`);
  if (params.q) parts.push(`${params.cursor ? "continuing the search for" : "searching for"} “${params.q}”`);
  parts.push(params.q ? `up to ${params.limit} matches` : `up to ${params.limit}`);
  return parts.join(", ");
}

/**
 * Browse a topic's messages: partition, start offset or time, page size and a text filter. Without a
 * start the newest messages are shown. On one partition (or a stream) "Next page" follows the
 * server's `next` cursor forward and "Older" steps back by one page from the lowest offset shown.
 * With a "Contains" text the server searches (scanning up to a budget per request from the start or
 * the given offset/time): the answer says how many messages were scanned, and "Continue" carries on
 * from where the scan stopped.
 */
export function MessageBrowser({
  clusterId,
  topic,
  kind,
  partitions,
}: {
  clusterId: string;
  topic: string;
  kind: ClusterKind | undefined;
  partitions: PartitionOffsets[];
}) {
  const words = vocabularyFor(kind);
  const zone = useTimeZone();
  const isStream = !capabilitiesFor(kind).hasPartitions;
  // What is browsed lives in the URL (?partition=&offset=&q=, ?order=oldest), so a reload, a shared
  // link or a DLQ message's "original message" link opens the same view.
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const urlSearch = searchParams?.toString() ?? "";
  const [draft, setDraft] = useState<MessageBrowseDraft>(() => browseDraftFromSearch(new URLSearchParams(urlSearch)));
  const [inputError, setInputError] = useState<{ field: string; message: string } | null>(null);
  const [applied, setAppliedState] = useState<MessageBrowseParams>(() => {
    const built = buildBrowseParams(browseDraftFromSearch(new URLSearchParams(urlSearch)));
    if (built.ok) return built.params;
    const fallback = buildBrowseParams(initialBrowseDraft);
    if (!fallback.ok) throw new Error(fallback.message);
    return fallback.params;
  });
  const replaceUrl = (search: string) => router.replace(search ? `${pathname}?${search}` : (pathname ?? ""), { scroll: false });
  const setApplied = (params: MessageBrowseParams) => {
    setAppliedState(params);
    replaceUrl(browseParamsToSearch(params, urlSearch));
  };
  const order = messageOrderFromSearch(new URLSearchParams(urlSearch));
  const setOrder = (next: MessageOrder) => {
    const search = new URLSearchParams(urlSearch);
    if (next === "oldest") search.set("order", "oldest");
    else search.delete("order");
    replaceUrl(search.toString());
  };
  const messages = useMessages(clusterId, topic, applied);
  // Totals of the earlier requests of the search shown (Continue adds the answer shown to them).
  const [tally, setTally] = useState<SearchTally>(emptyTally);
  const searching = isSearch(applied);
  const elapsed = useElapsedSeconds(messages.isFetching);

  const update = (patch: Partial<MessageBrowseDraft>) => setDraft((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildBrowseParams(draft, zone);
    if (!built.ok) {
      setInputError({ field: built.field, message: built.message });
      return;
    }
    setInputError(null);
    setTally(emptyTally);
    if (JSON.stringify(built.params) === JSON.stringify(applied)) void messages.refetch();
    else setApplied(built.params);
  };

  const next = pageCursor(messages.data);
  const searchNext = searchCursor(messages.data);
  const list = useMemo(() => orderMessages(messages.data?.messages ?? [], order), [messages.data, order]);
  // Paging needs one partition: a stream has only one, a Kafka topic needs one picked.
  const pagedPartition = isStream ? (partitions[0] ?? null) : partitions.find((p) => p.partition === applied.partition) ?? null;
  const lowestShown = list.length > 0 ? Math.min(...list.map((message) => message.offset)) : null;
  const older = pagedPartition ? olderPageParams(applied, lowestShown, pagedPartition.low) : null;

  const continueSearch = () => {
    if (!messages.data || !searchNext) return;
    setTally(addToTally(tally, messages.data));
    setApplied(continueSearchParams(applied, searchNext));
  };

  const goTo = (params: MessageBrowseParams) => {
    setApplied(params);
    // Keep the form in step with what is shown, so "Search" refines this page rather than jumping.
    setDraft((current) => ({
      ...current,
      partition: params.partition === null ? "all" : String(params.partition),
      from: params.fromId ? params.fromId : params.from === null ? "" : String(params.from),
      since: params.since === null ? "" : current.since,
    }));
  };

  return (
    <Section
      title="Messages"
      actions={
        <>
          <FetchingIndicator active={messages.isFetching} />
          <Button size="sm" onClick={() => void messages.refetch()} disabled={messages.isFetching}>
            Refresh
          </Button>
        </>
      }
    >
      <form className="filter-form" onSubmit={submit} aria-label="Message filters">
        {!isStream ? (
          <label className="inline-field">
            <span>Partition</span>
            <Select value={draft.partition} onChange={(event) => update({ partition: event.target.value })}>
              <option value="all">All</option>
              {partitions.map((partition) => (
                <option key={partition.partition} value={String(partition.partition)}>
                  {partition.partition}
                </option>
              ))}
            </Select>
          </label>
        ) : null}
        <label className="inline-field">
          <span>From {words.offset.toLowerCase()}</span>
          <Input
            inputMode="numeric"
            className="input-narrow mono"
            value={draft.from}
            placeholder="default"
            aria-invalid={inputError?.field === "from"}
            onChange={(event) => update({ from: event.target.value })}
          />
        </label>
        <label className="inline-field">
          <span>Since ({zoneWord(zone)} unless written)</span>
          <Input
            type="text" inputMode="text" spellCheck={false} autoComplete="off" placeholder={timePlaceholder(zone)}
            value={draft.since}
            aria-invalid={inputError?.field === "since"}
            onChange={(event) => update({ since: event.target.value })}
          />
        </label>
        <label className="inline-field">
          <span>Limit</span>
          <Select value={String(draft.limit)} onChange={(event) => update({ limit: Number(event.target.value) })}>
            {MESSAGE_LIMITS.map((limit) => (
              <option key={limit} value={String(limit)}>
                {limit}
              </option>
            ))}
          </Select>
        </label>
        <label className="inline-field inline-field-grow">
          <span>Contains</span>
          <Input
            type="search"
            value={draft.q}
            placeholder="text in key, value or headers"
            spellCheck={false}
            onChange={(event) => update({ q: event.target.value })}
          />
        </label>
        <Button type="submit" variant="primary">
          Search
        </Button>
        <Button
          onClick={() => {
            setDraft(initialBrowseDraft);
            setInputError(null);
          }}
        >
          Clear
        </Button>
        <span className="segmented" role="group" aria-label="Order">
          {(["newest", "oldest"] as const).map((value) => (
            <button
              key={value}
              type="button"
              className={`segmented-item ${order === value ? "segmented-item-active" : ""}`}
              aria-pressed={order === value}
              data-testid={`order-${value}`}
              onClick={() => setOrder(value)}
            >
              {value === "newest" ? "Newest first" : "Oldest first"}
            </button>
          ))}
        </span>
      </form>
      {inputError ? (
        <div className="form-error" role="alert">
          {inputError.message}
        </div>
      ) : null}
      <div className="browse-summary muted">Showing {describe(applied, words.offset, isStream, zone)}</div>

      {messages.isPending ? (
        <LoadingState
          label={
            searching
              ? `Searching${elapsed > 0 ? ` for ${elapsed} s` : ""}… (each request scans up to 1,000,000 messages or about 10 s)`
              : "Reading messages…"
          }
        />
      ) : messages.isError && !messages.data ? (
        <ErrorState error={messages.error} title={searching ? searchErrorTitle(messages.error) : undefined} onRetry={() => void messages.refetch()} />
      ) : (
        <>
          {messages.isError ? <ErrorState error={messages.error} title={searching ? searchErrorTitle(messages.error) : undefined} onRetry={() => void messages.refetch()} compact /> : null}
          <MessageTable
            messages={list}
            showPartition={!isStream}
            showSubject={isStream || list.some((message) => message.subject !== undefined)}
            offsetLabel={words.offset}
            order={order}
            onOrder={setOrder}
            empty={
              <EmptyState title={searching ? "No matches" : "No messages"}>
                {searching
                  ? searchNext
                    ? "None of the messages scanned so far contains this text. Continue to search further."
                    : "No message from the start point on contains this text (masked values are not searched)."
                  : applied.q || applied.from !== null || applied.since !== null
                  ? "Nothing matches these filters. Try an earlier offset or time, or a shorter text."
                  : `This ${words.topic} holds no messages.`}
              </EmptyState>
            }
          />
          {searching && messages.data ? (
            <div className="pagination" aria-live="polite">
              <span className="pagination-range">
                {searchSummary(tally, messages.data)}
                {messages.isFetching ? <span className="muted"> · searching{elapsed > 0 ? ` for ${elapsed} s` : ""}…</span> : null}
              </span>
              <span className="pagination-buttons">
                <Button
                  size="sm"
                  variant="primary"
                  onClick={continueSearch}
                  disabled={!searchNext || messages.isFetching}
                  title={searchNext ? "Search the messages after the ones scanned" : "The search reached the end"}
                >
                  Continue ›
                </Button>
              </span>
            </div>
          ) : (
            <div className="pagination">
              <span className="pagination-range">
                {pluralize(list.length, "message")}
                {next ? (
                  <span className="muted">
                    {" "}
                    · next: {isStream ? "" : `partition ${next.partition}, `}
                    {words.offset.toLowerCase()} {next.id ?? next.offset}
                  </span>
                ) : !pagedPartition && list.length > 0 ? (
                  <span className="muted"> · newest across partitions; pick a partition to page through it</span>
                ) : list.length > 0 ? (
                  <span className="muted"> · newest reached</span>
                ) : null}
              </span>
              <span className="pagination-buttons">
                <Button
                  size="sm"
                  onClick={() => older && goTo(older)}
                  disabled={!older || messages.isFetching}
                  title={older ? `From ${words.offset.toLowerCase()} ${older.from}` : undefined}
                >
                  ‹ Older
                </Button>
                <Button
                  size="sm"
                  onClick={() => next && goTo(nextPageParams(applied, next))}
                  disabled={!next || messages.isFetching}
                  title={next ? `Continue from partition ${next.partition}, ${words.offset.toLowerCase()} ${next.id ?? next.offset}` : undefined}
                >
                  Next page ›
                </Button>
              </span>
            </div>
          )}
        </>
      )}
    </Section>
  );
}
