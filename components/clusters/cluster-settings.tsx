"use client";
import { useState } from "react";
import { endpointsOf, kindLabel } from "@/lib/client/cluster-labels";
import { errorMessage } from "@/lib/client/api-client";
import type { Cluster } from "@/lib/contract/clusters";
import { formatDurationMs } from "@/lib/client/format";
import { CLUSTERS_POLL_MS } from "@/lib/client/query-config";
import { useClusters, useDeleteCluster } from "@/lib/client/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { StatusBadge } from "@/components/ui/status-badge";
import { usePermission } from "@/components/auth/current-user";
import { ClusterForm, type ClusterFormMode } from "./cluster-form";

const FILE_SOURCE_HINT = "Defined in eventscope.config.json: change it there.";

export function ClusterSettings() {
  const clusters = useClusters();
  const remove = useDeleteCluster();
  const [form, setForm] = useState<ClusterFormMode | null>(null);
  const [deleting, setDeleting] = useState<Cluster | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Only admins manage clusters; others see the list without the buttons (the API refuses them anyway).
  const canManage = usePermission("admin").allowed;

  const openForm = (mode: ClusterFormMode) => {
    setNotice(null);
    setForm(mode);
  };

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Settings", href: "/settings" }, { label: "Clusters" }]}
        title="Clusters"
        subtitle="Clusters from the config file are read-only; clusters added here are stored in the database."
        actions={
          canManage ? (
            <Button variant="primary" onClick={() => openForm({ mode: "create" })} disabled={form?.mode === "create"}>
              Add cluster
            </Button>
          ) : null
        }
      />
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      {form ? (
        <ClusterForm
          // A new target starts from fresh values.
          key={form.mode === "edit" ? `edit-${form.cluster.id}` : "create"}
          target={form}
          onCancel={() => setForm(null)}
          onDone={(saved) => {
            setNotice(`${form.mode === "edit" ? "Saved" : "Added"} cluster “${saved?.name ?? saved?.id ?? ""}”.`);
            setForm(null);
          }}
        />
      ) : null}
      <QueryView
        query={clusters}
        loadingLabel="Loading clusters…"
        pollMs={CLUSTERS_POLL_MS}
        isEmpty={(data) => data.clusters.length === 0}
        empty={
          <EmptyState
            title="No clusters yet"
            action={
              canManage ? (
                <Button variant="primary" onClick={() => openForm({ mode: "create" })}>
                  Add cluster
                </Button>
              ) : null
            }
          >
            Add a Kafka or NATS JetStream cluster to start.
          </EmptyState>
        }
      >
        {(data) => (
          <DataTable
            label="Clusters"
            rows={data.clusters}
            rowKey={(cluster) => cluster.id}
            columns={[
              {
                id: "name",
                header: "Name",
                className: "cell-name",
                cell: (cluster) => (
                  <div>
                    <div className="bidi-isolate">{cluster.name}</div>
                    <div className="muted mono">{cluster.id}</div>
                  </div>
                ),
              },
              { id: "kind", header: "Kind", width: "100px", cell: (cluster) => kindLabel(cluster.kind) },
              {
                id: "endpoints",
                header: "Brokers / servers",
                className: "mono break-all",
                cell: (cluster) => endpointsOf(cluster)?.join(", ") ?? "—",
              },
              {
                id: "sampling",
                header: "Sampling",
                width: "90px",
                cell: (cluster) =>
                  cluster.samplingIntervalMs === undefined ? <span className="muted">default</span> : formatDurationMs(cluster.samplingIntervalMs),
              },
              {
                id: "source",
                header: "Source",
                width: "110px",
                cell: (cluster) =>
                  cluster.source === "file" ? (
                    <Badge title={FILE_SOURCE_HINT}>file · read-only</Badge>
                  ) : (
                    <Badge tone="accent">database</Badge>
                  ),
              },
              {
                id: "status",
                header: "Status",
                cell: (cluster) => (
                  <div className="status-cell">
                    <StatusBadge status={cluster.status} />
                    {cluster.status === "down" && cluster.error ? <div className="down-reason">down: {cluster.error}</div> : null}
                  </div>
                ),
              },
              {
                id: "actions",
                header: <span className="sr-only">Actions</span>,
                width: "140px",
                align: "right",
                cell: (cluster) =>
                  !canManage ? null : cluster.source === "file" ? (
                    <span className="muted" title={FILE_SOURCE_HINT}>
                      read-only
                    </span>
                  ) : (
                    <span className="row-actions">
                      <Button size="sm" onClick={() => openForm({ mode: "edit", cluster })}>
                        Edit
                      </Button>
                      <Button
                        size="sm"
                        variant="danger"
                        onClick={() => {
                          remove.reset();
                          setDeleting(cluster);
                        }}
                      >
                        Delete
                      </Button>
                    </span>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete cluster “${deleting?.name ?? ""}”?`}
        confirmLabel="Delete cluster"
        destructive
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (!deleting) return;
          const target = deleting;
          remove.mutate(target.id, {
            onSuccess: () => {
              setDeleting(null);
              if (form?.mode === "edit" && form.cluster.id === target.id) setForm(null);
              setNotice(`Deleted cluster “${target.name}”.`);
            },
          });
        }}
      >
        <p>
          Eventscope stops watching <strong className="bidi-isolate">{deleting?.name}</strong> (
          <code>{deleting?.id}</code>) and forgets its settings. The brokers and their data are not touched.
        </p>
      </ConfirmDialog>
    </>
  );
}
