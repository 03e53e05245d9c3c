"use client";
import { errorMessage } from "@/lib/client/api-client";
import { useReadOnlyState, useSetReadOnly } from "@/lib/client/access-queries";
import { useClusters } from "@/lib/client/queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { useCurrentUser } from "./current-user";

/** The console-wide switch and one per cluster; everyone sees them, admins flip them. */
export function ReadOnlySettings() {
  const state = useReadOnlyState();
  const clusters = useClusters();
  const set = useSetReadOnly();
  const me = useCurrentUser();
  const isAdmin = me?.user.role === "admin";

  const toggle = (on: boolean, label: string, change: Parameters<typeof set.mutate>[0]) =>
    isAdmin ? (
      <Button size="sm" variant={on ? "primary" : "secondary"} disabled={set.isPending} onClick={() => set.mutate(change)} aria-label={`${on ? "Turn off" : "Turn on"} read-only for ${label}`}>
        {on ? "Turn off" : "Turn on"}
      </Button>
    ) : null;

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Settings", href: "/settings" }, { label: "Read-only mode" }]}
        title="Read-only mode"
        subtitle="While on, operator actions (requeue, replay, discard, offset resets, deleting idempotency records) are refused. Reading, and admin work on clusters and users, go on."
      />
      {set.isError ? (
        <div className="form-error" role="alert">
          {errorMessage(set.error)}
        </div>
      ) : null}
      <QueryView query={state} loadingLabel="Loading…">
        {(data) => (
          <div className="card">
            <div className="switch-row">
              <div>
                <strong>Whole console</strong> {data.readOnly ? <Badge tone="warn">read-only</Badge> : <Badge tone="ok">actions allowed</Badge>}
              </div>
              {toggle(data.readOnly, "the whole console", { readOnly: !data.readOnly })}
            </div>
            {(clusters.data?.clusters ?? []).map((cluster) => {
              const on = data.clusters[cluster.id] === true;
              return (
                <div className="switch-row" key={cluster.id}>
                  <div>
                    <span className="bidi-isolate">{cluster.name}</span> <span className="muted mono">{cluster.id}</span>{" "}
                    {on ? <Badge tone="warn">read-only</Badge> : null}
                  </div>
                  {toggle(on, cluster.name, { clusters: { [cluster.id]: !on } })}
                </div>
              );
            })}
          </div>
        )}
      </QueryView>
    </>
  );
}
