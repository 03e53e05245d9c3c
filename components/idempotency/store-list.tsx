"use client";
import "./idempotency.css";
import Link from "next/link";
import type { StoreSummary } from "@/lib/idempotency/types";
import { formatExpiringSoon, formatNewPerMinute, formatRecordCount, idempotencyHref } from "@/lib/client/idempotency-format";
import { useIdempotencyStores } from "@/lib/client/idempotency-queries";
import { IDEMPOTENCY_STORES_POLL_MS } from "@/lib/client/query-config";
import { DataTable, type Column } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { FetchingIndicator } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { StoreStatus } from "./store-status";

const columns: Column<StoreSummary>[] = [
  {
    id: "id",
    header: "Store",
    className: "cell-name",
    cell: (store) => (
      <Link href={idempotencyHref.store(store.id)} className="bidi-isolate">
        {store.id}
      </Link>
    ),
  },
  { id: "kind", header: "Kind", width: "90px", cell: (store) => (store.kind === "redis" ? "Redis" : "PostgreSQL") },
  {
    id: "status",
    header: "Status",
    width: "130px",
    cell: (store) => <StoreStatus store={store} />,
  },
  {
    id: "records",
    header: "Records",
    align: "right",
    width: "100px",
    cell: (store) => {
      const count = formatRecordCount(store);
      return <span title={count.title}>{count.text}</span>;
    },
  },
  {
    id: "expiring",
    header: "Expiring < 5 min",
    align: "right",
    width: "130px",
    cell: (store) => {
      const soon = formatExpiringSoon(store);
      return <span title={soon.title}>{soon.text}</span>;
    },
  },
  {
    id: "new",
    header: "New / min",
    align: "right",
    width: "100px",
    cell: (store) => {
      const rate = formatNewPerMinute(store);
      return <span title={rate.title}>{rate.text}</span>;
    },
  },
  {
    id: "target",
    header: "Where",
    className: "cell-preview",
    cell: (store) => (
      <>
        <div className="idem-target">{store.target}</div>
        {store.error ? <div className="idem-error">{store.error}</div> : null}
      </>
    ),
  },
];

/** Every configured idempotency store: counts, status (down with its reason), expiring soon, new per minute. */
export function IdempotencyStoreList() {
  const stores = useIdempotencyStores();
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Idempotency" }]}
        title="Idempotency stores"
        subtitle="Records that idempotent consumers keep of the events they processed (Redis keys, or rows of a table)."
        actions={<FetchingIndicator active={stores.isFetching} />}
      />
      <QueryView
        query={stores}
        loadingLabel="Asking the stores…"
        pollMs={IDEMPOTENCY_STORES_POLL_MS}
        isEmpty={(data) => data.stores.length === 0}
        empty={
          <EmptyState title="No idempotency stores configured">
            Add them to <code>idempotency</code> in eventscope.config.json, for example{" "}
            <code>{'{"id": "orders-redis", "kind": "redis", "url": "redis://127.0.0.1:6379", "pattern": "processed:*"}'}</code>. See
            docs/idempotency.md.
          </EmptyState>
        }
      >
        {(data) => <DataTable label="Idempotency stores" fixed columns={columns} rows={data.stores} rowKey={(store) => store.id} />}
      </QueryView>
    </>
  );
}
