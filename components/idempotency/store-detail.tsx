"use client";
import "./idempotency.css";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import type { IdempotencyRecord } from "@/lib/idempotency/types";
import type { IdempotencyRecordsParams } from "@/lib/query-keys";
import { formatExpiringSoon, formatNewPerMinute, formatRecordCount, idempotencyHref, valueBeyondColumns } from "@/lib/client/idempotency-format";
import { useIdempotencyRecords, useIdempotencyStore } from "@/lib/client/idempotency-queries";
import { previewText, revealControlChars } from "@/lib/client/message-value";
import { IDEMPOTENCY_PAGE_SIZE, IDEMPOTENCY_STORES_POLL_MS } from "@/lib/client/query-config";
import { effectiveRecordSort, RECORD_LIST, searchedNote, type RecordSort } from "@/lib/client/idempotency-list";
import { noMatchTitle, withoutFilters } from "@/lib/client/list-state";
import { formatInteger } from "@/lib/client/format";
import { useCursorHistory } from "@/lib/client/use-cursor-history";
import { useListState } from "@/lib/client/use-list-state";
import { useHydrated } from "@/lib/client/use-hydrated";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Checkbox, FilterInput, Select } from "@/components/ui/input";
import { FetchingIndicator, LoadingState } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { CursorPager } from "@/components/ui/cursor-pager";
import { NoMatch } from "@/components/ui/no-match";
import { Toolbar } from "@/components/ui/section";
import { Stat, StatRow } from "@/components/ui/stat";
import { RecordDetail } from "./record-detail";
import { StoreStatus } from "./store-status";
import { TtlCountdown } from "./ttl-countdown";
import { withToggled } from "@/lib/client/toggle-set";
import { isSelectingText } from "@/lib/client/text-selection";
import { Time } from "@/components/ui/time";

/**
 * One store: its figures, and its records, searchable and paged by the server's cursor (Redis SCAN,
 * SQL keyset). Polled while "Live" is on, so new records appear without a reload (newest first
 * where the store can tell); a click opens the record with its TTL counting down.
 */
export function IdempotencyStoreDetail({ storeId }: { storeId: string }) {
  const hydrated = useHydrated();
  const summary = useIdempotencyStore(storeId);
  const store = hydrated ? summary.data : undefined;
  // Search text, order and page live in the URL; the store decides which orders it can give.
  const { state, setState, text, setText } = useListState(RECORD_LIST);
  const q = state.q;
  const [live, setLive] = useState(true);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());

  const canNewest = store?.capabilities.newestFirst ?? false;
  const order = effectiveRecordSort(state, { kind: store?.kind ?? "redis", canNewest });
  const sort = order.api;
  const pager = useCursorHistory(state, setState, `${q}|${sort}`);
  const cursor = state.cursor || null;
  const params: IdempotencyRecordsParams = { q, cursor, limit: IDEMPOTENCY_PAGE_SIZE, sort };
  // An open record holds the list still (rows would move under the reader); the record itself stays live.
  const listLive = live && expanded.size === 0;
  const records = useIdempotencyRecords(storeId, params, { live: listLive, enabled: summary.data !== undefined || summary.isError });
  const data = hydrated ? records.data : undefined;
  const rows = data?.records ?? [];

  // Records that were not on the previous refresh of this page are highlighted for a moment.
  const previous = useRef<{ key: string; keys: Set<string> } | null>(null);
  const viewKey = JSON.stringify(params);
  const fresh = useMemo(() => {
    const before = previous.current;
    if (!before || before.key !== viewKey) return new Set<string>();
    return new Set(rows.filter((row) => !before.keys.has(row.key)).map((row) => row.key));
  }, [rows, viewKey]);
  useEffect(() => {
    previous.current = { key: viewKey, keys: new Set(rows.map((row) => row.key)) };
  }, [rows, viewKey]);

  const toggle = (key: string) =>
    setExpanded((current) => withToggled(current, key));

  const columns: Column<IdempotencyRecord>[] = [
    {
      id: "toggle",
      header: <span className="sr-only">Open</span>,
      width: "28px",
      cell: (row) => (
        <button
          type="button"
          className="row-toggle"
          aria-expanded={expanded.has(row.key)}
          aria-label={expanded.has(row.key) ? "Close record" : "Open record"}
          onClick={(event) => {
            event.stopPropagation();
            toggle(row.key);
          }}
        >
          {expanded.has(row.key) ? "▾" : "▸"}
        </button>
      ),
    },
    {
      id: "key",
      header: "Key",
      sortable: store?.kind === "postgres",
      // The key holds the event id: shown whole (wrapping), never cut, since it is what operators look for.
      width: "44%",
      className: "mono break-all",
      cell: (row) => (
        <span className="bidi-isolate" title={row.key} data-testid="idem-key">
          {row.eventId ? (
            <Link href={idempotencyHref.trace(row.eventId)} onClick={(event) => event.stopPropagation()} title={`Trace ${row.eventId}`}>
              {revealControlChars(row.key)}
            </Link>
          ) : (
            revealControlChars(row.key)
          )}
          {row.type ? (
            <>
              {" "}
              <Badge tone="info">{row.type}</Badge>
            </>
          ) : null}
        </span>
      ),
    },
    {
      id: "ttl",
      header: "TTL",
      width: "120px",
      cell: (row) => <TtlCountdown ttlSeconds={row.ttlSeconds} fetchedAt={records.dataUpdatedAt} />,
    },
    {
      id: "processedAt",
      header: "Processed at",
      sortable: canNewest,
      title: "Newest first, where the store can tell",
      width: "205px",
      className: "nowrap",
      cell: (row) => (row.processedAt ? <Time value={row.processedAt} /> : <span className="muted">—</span>),
    },
    {
      id: "consumer",
      header: "Consumer",
      width: "150px",
      className: "cell-preview",
      cell: (row) => (row.consumer ? revealControlChars(row.consumer) : <span className="muted">—</span>),
    },
    {
      id: "value",
      header: "Value",
      className: "mono cell-preview",
      title: "The value without the fields the other columns show",
      cell: (row) => {
        const rest = valueBeyondColumns(row);
        if (row.value === null) return <span className="muted">—</span>;
        return rest === "" ? (
          <span className="muted" title={compactJson(row)}>
            (as in the other columns)
          </span>
        ) : (
          <span title={compactJson(row)}>{previewText(rest, 100)}</span>
        );
      },
    },
  ];

  const count = store ? formatRecordCount(store) : null;
  const soon = store ? formatExpiringSoon(store) : null;
  const rate = store ? formatNewPerMinute(store) : null;

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Idempotency", href: idempotencyHref.stores() }, { label: storeId }]}
        title={storeId}
        badges={store ? <StoreStatus store={store} /> : null}
        subtitle={store ? <span className="idem-target">{store.target}</span> : null}
        actions={<FetchingIndicator active={summary.isFetching || records.isFetching} />}
      />
      {hydrated && summary.isError && !summary.data ? (
        <ErrorState error={summary.error} onRetry={() => void summary.refetch()} retryingEveryMs={IDEMPOTENCY_STORES_POLL_MS} />
      ) : null}
      {store?.error ? <ErrorState error={new Error(store.error)} title={store.status === "misconfigured" ? "Store misconfigured" : "Store down"} retryingEveryMs={IDEMPOTENCY_STORES_POLL_MS} compact /> : null}
      {store ? (
        <StatRow>
          <Stat label="Records" value={count!.text} title={count!.title} />
          <Stat label="Expiring in 5 min" value={soon!.text} title={soon!.title} />
          <Stat label="New per minute" value={rate!.text} title={rate!.title} />
          <Stat label="Checked" value={<Time value={store.checkedAt} />} title={store.tookMs !== undefined ? `computed in ${store.tookMs} ms` : undefined} />
        </StatRow>
      ) : null}
      <Toolbar>
        <FilterInput
          value={text}
          onChange={setText}
          placeholder={store?.kind === "postgres" ? "Search keys (contains)…" : "Search keys: text, or a glob such as 10*"}
          label="Search records"
        />
        {canNewest ? (
          <label className="inline-field">
            <span>Order</span>
            <Select
              value={sort}
              disabled={order.note !== null}
              onChange={(event) => setState({ ...state, sort: event.target.value === "store" ? "key" : "processedAt", cursor: "" })}
              aria-label="Order"
            >
              <option value="newest">Newest first</option>
              <option value="store">{store?.kind === "redis" ? "Store order (SCAN)" : "By key"}</option>
            </Select>
          </label>
        ) : null}
        <Checkbox checked={live} onChange={setLive}>
          <span className="idem-live">
            <span className={`idem-live-dot ${listLive ? "idem-live-dot-on" : ""}`} aria-hidden="true" /> Live
          </span>
        </Checkbox>
        <span className="toolbar-spacer" />
        {live && !listLive ? <span className="idem-note">List paused while a record is open.</span> : null}
        {order.note ? (
          <span className="idem-note" data-testid="idem-order-note">
            {order.note}
          </span>
        ) : null}
        {searchedNote(data?.searched, q) ? (
          <span className="idem-note" data-testid="idem-order-note">
            {searchedNote(data?.searched, q)}
          </span>
        ) : null}
        {data?.sampledRecords ? <span className="idem-note">Newest among a sample of {data.sampledRecords.toLocaleString("en-US")} records.</span> : null}
      </Toolbar>
      {data === undefined ? (
        hydrated && records.isError ? (
          <ErrorState error={records.error} onRetry={() => void records.refetch()} retryingEveryMs={live ? IDEMPOTENCY_STORES_POLL_MS : undefined} />
        ) : (
          <LoadingState label="Reading records…" />
        )
      ) : (
        <>
          {records.isError ? <ErrorState error={records.error} onRetry={() => void records.refetch()} compact /> : null}
          <div className={records.isPlaceholderData ? "is-stale" : undefined}>
            <DataTable
              label="Records"
              dense
              fixed
              columns={columns}
              rows={rows}
              rowKey={(row) => row.key}
              sort={order.column ? { id: order.column, direction: order.column === "key" ? "asc" : "desc" } : undefined}
              onSort={(id) => setState({ ...state, sort: id as RecordSort, dir: RECORD_LIST.firstDir(id as RecordSort), cursor: "" })}
              expanded={expanded}
              onRowClick={(row) => {
                if (isSelectingText()) return;
                toggle(row.key);
              }}
              rowClassName={(row) => (fresh.has(row.key) ? "idem-row-new" : undefined)}
              renderExpanded={(row) => (
                <RecordDetail
                  storeId={storeId}
                  recordKey={row.key}
                  live={live}
                  onDeleted={() => setExpanded((current) => new Set([...current].filter((key) => key !== row.key)))}
                />
              )}
              empty={
                q ? (
                  <NoMatch title={noMatchTitle("records", state)} onClear={() => setState(withoutFilters(state))}>
                    {data.next ? "Nothing on this part of the store; Next › searches on." : null}
                  </NoMatch>
                ) : (
                  <EmptyState title="No records">{data.next ? "None on this part of the store; Next › goes on." : "This store holds no records."}</EmptyState>
                )
              }
            />
          </div>
          <CursorPager
            pager={pager}
            hasNext={Boolean(data.next) && !records.isPlaceholderData}
            busy={records.isPlaceholderData}
            onNext={() => data.next && pager.next(data.next)}
            summary={`${formatInteger(rows.length)} records${store?.records !== null && store?.records !== undefined ? ` of ${formatRecordCount(store).text}` : ""}`}
          />
        </>
      )}
    </>
  );
}

/** Pretty JSON shown compact in a cell ({"consumer":"x",...}). */
function compactJson(record: IdempotencyRecord): string {
  if (record.value === null) return "";
  if (record.encoding === "base64") return "binary";
  if (record.encoding !== "json") return record.value;
  try {
    return JSON.stringify(JSON.parse(record.value));
  } catch {
    return record.value;
  }
}
