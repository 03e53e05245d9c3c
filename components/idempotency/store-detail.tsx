"use client";
import "./idempotency.css";
import { useEffect, useMemo, useRef, useState } from "react";
import type { IdempotencyRecord } from "@/lib/idempotency/types";
import type { IdempotencyRecordsParams } from "@/lib/query-keys";
import { formatTime } from "@/lib/client/format";
import { formatExpiringSoon, formatNewPerMinute, formatRecordCount, idempotencyHref } from "@/lib/client/idempotency-format";
import { useIdempotencyRecords, useIdempotencyStore } from "@/lib/client/idempotency-queries";
import { previewText, revealControlChars } from "@/lib/client/message-value";
import { IDEMPOTENCY_PAGE_SIZE, IDEMPOTENCY_STORES_POLL_MS, SEARCH_DEBOUNCE_MS } from "@/lib/client/query-config";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { useHydrated } from "@/lib/client/use-hydrated";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Checkbox, FilterInput, Select } from "@/components/ui/input";
import { FetchingIndicator, LoadingState } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { CursorPagination } from "@/components/ui/pagination";
import { Toolbar } from "@/components/ui/section";
import { Stat, StatRow } from "@/components/ui/stat";
import { RecordDetail } from "./record-detail";
import { StoreStatus } from "./store-status";
import { TtlCountdown } from "./ttl-countdown";
import { withToggled } from "@/lib/client/toggle-set";
import { isSelectingText } from "@/lib/client/text-selection";

type SortChoice = "newest" | "store";

/**
 * One store: its figures, and its records, searchable and paged by the server's cursor (Redis SCAN,
 * SQL keyset). Polled while "Live" is on, so new records appear without a reload (newest first
 * where the store can tell); a click opens the record with its TTL counting down.
 */
export function IdempotencyStoreDetail({ storeId }: { storeId: string }) {
  const hydrated = useHydrated();
  const summary = useIdempotencyStore(storeId);
  const store = hydrated ? summary.data : undefined;
  const [filter, setFilter] = useState("");
  const q = useDebouncedValue(filter.trim(), SEARCH_DEBOUNCE_MS);
  const [choice, setChoice] = useState<SortChoice | null>(null);
  const [live, setLive] = useState(true);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());

  const canNewest = store?.capabilities.newestFirst ?? false;
  // Newest first where the store supports it; a Redis search walks the whole store in SCAN order.
  const searchForcesStoreOrder = Boolean(q) && store?.kind === "redis";
  const sort: SortChoice = !canNewest || searchForcesStoreOrder ? "store" : (choice ?? "newest");

  const pagingKey = `${q}|${sort}`;
  const [paging, setPaging] = useState<{ key: string; cursors: (string | null)[] }>({ key: pagingKey, cursors: [null] });
  const cursors = paging.key === pagingKey ? paging.cursors : [null];
  const cursor = cursors[cursors.length - 1] ?? null;
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
      className: "mono cell-preview",
      cell: (row) => (
        <span className="bidi-isolate" title={row.key}>
          {previewText(row.key, 80)}
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
      width: "170px",
      className: "nowrap",
      cell: (row) => (row.processedAt ? <span title={row.processedAt}>{formatTime(row.processedAt)}</span> : <span className="muted">—</span>),
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
      cell: (row) => <span className={row.value === null ? "muted" : undefined}>{row.value === null ? "—" : previewText(compactJson(row), 100)}</span>,
    },
  ];

  const count = store ? formatRecordCount(store) : null;
  const soon = store ? formatExpiringSoon(store) : null;
  const rate = store ? formatNewPerMinute(store) : null;
  const pageIndex = cursors.length - 1;
  const first = rows.length === 0 ? 0 : pageIndex * IDEMPOTENCY_PAGE_SIZE + 1;

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
          <Stat label="Checked" value={formatTime(store.checkedAt)} title={store.tookMs !== undefined ? `computed in ${store.tookMs} ms` : undefined} />
        </StatRow>
      ) : null}
      <Toolbar>
        <FilterInput
          value={filter}
          onChange={setFilter}
          placeholder={store?.kind === "postgres" ? "Search keys (contains)…" : "Search keys: text, or a glob such as 10*"}
          label="Search records"
        />
        {canNewest ? (
          <label className="inline-field">
            <span>Order</span>
            <Select value={sort} disabled={searchForcesStoreOrder} onChange={(event) => setChoice(event.target.value as SortChoice)} aria-label="Order">
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
        {searchForcesStoreOrder && canNewest ? <span className="idem-note">A search lists in store order.</span> : null}
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
                  <EmptyState title="No records match">
                    Nothing matches “{q}”{data.next ? " on this part of the store; Next › searches on" : ""}.
                  </EmptyState>
                ) : (
                  <EmptyState title="No records">{data.next ? "None on this part of the store; Next › goes on." : "This store holds no records."}</EmptyState>
                )
              }
            />
          </div>
          <CursorPagination
            first={first}
            last={rows.length === 0 ? 0 : first + rows.length - 1}
            total={store?.records ?? first + rows.length - 1}
            noun="records"
            hasPrevious={cursors.length > 1}
            hasNext={Boolean(data.next) && !records.isPlaceholderData}
            busy={records.isPlaceholderData}
            onFirst={() => setPaging({ key: pagingKey, cursors: [null] })}
            onPrevious={() => setPaging({ key: pagingKey, cursors: cursors.slice(0, -1) })}
            onNext={() => {
              if (data.next) setPaging({ key: pagingKey, cursors: [...cursors, data.next] });
            }}
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
