"use client";
import Link from "next/link";
import { kindShortLabel, clusterHref, kindLabel, vocabularyFor } from "@/lib/client/cluster-labels";
import { ThemeSwitch } from "@/components/ui/theme-switch";
import { TimeZoneSwitch } from "@/components/ui/time-zone-switch";
import type { ReactNode } from "react";
import { usePathname } from "next/navigation";
import { errorMessage } from "@/lib/client/api-client";
import { dlqHref, jobHref } from "@/lib/client/dlq-filters";
import { useClusters } from "@/lib/client/queries";
import { useHydrated } from "@/lib/client/use-hydrated";
import { StatusDot } from "@/components/ui/status-badge";
import { TraceSearchBox } from "@/components/trace/trace-search-box";
import { SignedInUser } from "@/components/auth/signed-in-user";
import { useCurrentUser } from "@/components/auth/current-user";
import { hasRole } from "@/lib/auth/roles";

function NavLink({ href, children, exact = false }: { href: string; children: ReactNode; exact?: boolean }) {
  const pathname = usePathname() ?? "";
  const active = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link href={href} className={`nav-link ${active ? "nav-link-active" : ""}`} aria-current={active ? "page" : undefined}>
      {children}
    </Link>
  );
}

/** Left navigation: every cluster with its status, and its Topics/Streams and Consumers pages. */
export function ConsoleSidebar() {
  const query = useClusters();
  const me = useCurrentUser();
  const hydrated = useHydrated();
  // Until hydrated, render exactly what the server did (no data), whatever the cache holds.
  const clusters = hydrated
    ? query
    : { isPending: true, isError: false, error: null, data: undefined as typeof query.data };
  return (
    <aside className="sidebar" aria-label="Navigation">
      <Link href="/" className="brand">
        <span className="brand-mark" aria-hidden="true">◉</span>
        Eventscope
      </Link>
      <nav className="sidebar-nav">
        <NavLink href="/" exact>
          Overview
        </NavLink>
        <NavLink href={jobHref.list()}>Jobs</NavLink>
        <NavLink href="/idempotency">Idempotency</NavLink>
        <NavLink href="/processing">Processing</NavLink>
        <NavLink href="/outbox">Outbox</NavLink>
        <NavLink href="/trace">Trace</NavLink>
        <TraceSearchBox />
        <div className="sidebar-heading">Clusters</div>
        {clusters.isPending ? <div className="sidebar-note">Loading…</div> : null}
        {clusters.isError && !clusters.data ? (
          <div className="sidebar-note sidebar-error" title={errorMessage(clusters.error)}>
            Cluster list unavailable: {errorMessage(clusters.error)}
          </div>
        ) : null}
        {clusters.data && clusters.data.clusters.length === 0 ? (
          <div className="sidebar-note">
            No clusters yet. <Link href="/settings/clusters">Add one</Link>
          </div>
        ) : null}
        <ul className="sidebar-clusters">
          {clusters.data?.clusters.map((cluster) => {
            const words = vocabularyFor(cluster.kind);
            const reason = cluster.status === "down" && cluster.error ? `down: ${cluster.error}` : cluster.status;
            return (
              <li key={cluster.id} className="sidebar-cluster">
                <div className="sidebar-cluster-name" title={`${cluster.name} (${kindLabel(cluster.kind)}) — ${reason}`}>
                  <StatusDot status={cluster.status} title={reason} />
                  <Link href={clusterHref.cluster(cluster.id)} className="truncate bidi-isolate sidebar-cluster-link" data-testid="sidebar-cluster-link">
                    {cluster.name}
                  </Link>
                  <span className="sidebar-kind">{kindShortLabel(cluster.kind)}</span>
                </div>
                <div className="sidebar-sublinks">
                  <NavLink href={clusterHref.topics(cluster.id)}>{words.topics}</NavLink>
                  <NavLink href={clusterHref.consumers(cluster.id)}>{words.consumers}</NavLink>
                  <NavLink href={dlqHref.list(cluster.id)}>
                    DLQ
                    {cluster.dlqCount ? (
                      <span className="muted" title={`${cluster.dlqCount} dead-letter queue${cluster.dlqCount === 1 ? "" : "s"}`} data-testid="sidebar-dlq-count">
                        {" "}
                        ({cluster.dlqCount})
                      </span>
                    ) : null}
                  </NavLink>
                </div>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="sidebar-footer">
        {me && hasRole(me.user.role, "operator") ? <NavLink href="/audit">Audit log</NavLink> : null}
        <NavLink href="/settings">Settings</NavLink>
        <ThemeSwitch />
        <TimeZoneSwitch />
        <SignedInUser />
      </div>
    </aside>
  );
}
