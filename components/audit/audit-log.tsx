"use client";
import { useState } from "react";
import { useAuditPage } from "@/lib/client/access-queries";
import type { AuditFilters } from "@/lib/client/access-types";
import { formatTime } from "@/lib/client/format";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Field, Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";

function isEmptyObject(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "object" && Object.keys(value as object).length === 0);
}

/** Params and results as "name: value" lines of text: React escapes them, so whatever was recorded stays inert. */
function JsonCell({ value }: { value: unknown }) {
  if (isEmptyObject(value)) return <span className="muted">—</span>;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return <pre className="audit-json">{JSON.stringify(value)}</pre>;
  return (
    <div className="audit-json">
      {Object.entries(value).map(([name, item]) => (
        <div key={name}>
          <span className="muted">{name}:</span> {typeof item === "string" ? item : JSON.stringify(item)}
        </div>
      ))}
    </div>
  );
}

function actionTone(action: string) {
  if (action === "auth.denied" || action.endsWith("-failed") || action.endsWith("rate-limited")) return "danger" as const;
  if (action.startsWith("auth.")) return "neutral" as const;
  return "accent" as const;
}

/** Who did what, newest first: sign-ins and failures, denials, and every action that changed something. */
export function AuditLog() {
  const [filters, setFilters] = useState<AuditFilters>({ actor: "", action: "", since: "" });
  const debounced = useDebouncedValue(filters, 300);
  // Cursors of the pages before the current one, to go back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useAuditPage(debounced, cursor);

  const updateFilter = (patch: Partial<AuditFilters>) => {
    setFilters({ ...filters, ...patch });
    setCursors([null]);
  };

  return (
    <>
      <PageHeader title="Audit log" subtitle="Sign-ins, failed sign-ins, permission denials and every action that changed something." />
      <div className="filter-form">
        <Field label="User">{(props) => <Input {...props} value={filters.actor} spellCheck={false} placeholder="any" onChange={(e) => updateFilter({ actor: e.target.value })} />}</Field>
        <Field label="Action">
          {(props) => (
            <Input {...props} className="mono" value={filters.action} spellCheck={false} placeholder="any, or a prefix: auth." title="An exact action, or a prefix ending in “.”" onChange={(e) => updateFilter({ action: e.target.value })} />
          )}
        </Field>
        <Field label="Since">{(props) => <Input {...props} type="datetime-local" value={filters.since} onChange={(e) => updateFilter({ since: e.target.value })} />}</Field>
      </div>
      <QueryView query={page} loadingLabel="Loading the audit log…">
        {(data) => (
          <>
            <DataTable
              label="Audit events"
              rows={data.events}
              rowKey={(event) => event.id}
              empty="Nothing recorded that matches."
              dense
              columns={[
                { id: "at", header: "Time", width: "160px", className: "nowrap", cell: (event) => formatTime(event.at) },
                { id: "actor", header: "User", width: "140px", className: "break-all", cell: (event) => <span className="bidi-isolate">{event.actor}</span> },
                { id: "action", header: "Action", width: "190px", cell: (event) => <Badge tone={actionTone(event.action)}>{event.action}</Badge> },
                { id: "target", header: "Target", className: "mono break-all", cell: (event) => event.target },
                { id: "params", header: "Details", cell: (event) => <JsonCell value={event.params} /> },
                { id: "result", header: "Result", cell: (event) => <JsonCell value={event.result} /> },
              ]}
            />
            <div className="pagination">
              <span className="pagination-buttons">
                <Button size="sm" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                  ‹ Newer
                </Button>
                <Button size="sm" disabled={!data.next} onClick={() => data.next && setCursors([...cursors, data.next])}>
                  Older ›
                </Button>
              </span>
            </div>
          </>
        )}
      </QueryView>
    </>
  );
}
