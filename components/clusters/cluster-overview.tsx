"use client";
import Link from "next/link";
import { Suspense } from "react";
import { CLUSTERS_POLL_MS } from "@/lib/client/query-config";
import { useClusters } from "@/lib/client/queries";
import { useHydrated } from "@/lib/client/use-hydrated";
import { useTimeWindow } from "@/lib/client/use-time-window";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingState } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { Section } from "@/components/ui/section";
import { TimeWindowPicker } from "@/components/charts/time-window-picker";
import { ClusterCard } from "./cluster-card";
import { GroupsBehind } from "./groups-behind";

export function ClusterOverview() {
  // The window lives in the URL (useSearchParams): this page is prerendered, so it must suspend.
  return (
    <Suspense fallback={<LoadingState label="Loading clusters…" />}>
      <Overview />
    </Suspense>
  );
}

function Overview() {
  const clusters = useClusters();
  const hydrated = useHydrated();
  const [window] = useTimeWindow();
  const data = hydrated ? clusters.data : undefined;
  const list = data?.clusters ?? [];
  const down = list.filter((cluster) => cluster.status === "down").length;
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview" }]}
        title="Overview"
        subtitle={
          data
            ? `${list.length} cluster${list.length === 1 ? "" : "s"}${down > 0 ? `, ${down} down` : ""}`
            : "Kafka and JetStream clusters"
        }
        actions={<TimeWindowPicker />}
      />
      <QueryView
        query={clusters}
        loadingLabel="Loading clusters…"
        pollMs={CLUSTERS_POLL_MS}
        isEmpty={(data) => data.clusters.length === 0}
        empty={
          <EmptyState
            title="No clusters configured"
            action={
              <Link href="/settings/clusters" className="btn btn-primary">
                Add a cluster
              </Link>
            }
          >
            Add one in Settings, or list clusters in <code>eventscope.config.json</code>.
          </EmptyState>
        }
      >
        {(data) => (
          <>
            <div className="card-grid">
              {data.clusters.map((cluster) => (
                <ClusterCard key={cluster.id} cluster={cluster} window={window} />
              ))}
            </div>
            <Section title="Groups most behind">
              <GroupsBehind clusters={data.clusters} />
            </Section>
          </>
        )}
      </QueryView>
    </>
  );
}
