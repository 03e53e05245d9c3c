"use client";
import { useEffect, useState } from "react";
import type { AuditSort } from "@/lib/audit/audit-list-options";
import { useAuditPage } from "@/lib/client/access-queries";
import { AUDIT_LIST, auditFiltersOf } from "@/lib/client/audit-list";
import { hasFilters, noMatchTitle, withFilter, withoutFilters, withSort } from "@/lib/client/list-state";
import { useCursorHistory } from "@/lib/client/use-cursor-history";
import { useListState } from "@/lib/client/use-list-state";
import { useTimeZone } from "@/lib/client/use-time-zone";
import { parseTimeInput, timePlaceholder, zoneWord } from "@/lib/client/time-input";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { Badge } from "@/components/ui/badge";
import { CursorPager } from "@/components/ui/cursor-pager";
import { NoMatch } from "@/components/ui/no-match";
import { DataTable } from "@/components/ui/data-table";
import { Field, FilterInput, Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { Time } from "@/components/ui/time";

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

type TextFilter = "actor" | "action" | "since";

/** Who did what, newest first unless sorted otherwise: every filter, the sort and the page live in the URL. */
export function AuditLog() {
  const { state, setState, text, setText } = useListState(AUDIT_LIST);
  // The three typed filters reach the URL once typing settles, like the search box.
  const [typed, setTyped] = useState<Record<TextFilter, string>>({ actor: state.filters.actor ?? "", action: state.filters.action ?? "", since: state.filters.since ?? "" });
  const settled = useDebouncedValue(typed, 300);
  useEffect(() => {
    if ((["actor", "action", "since"] as const).some((name) => settled[name].trim() !== (state.filters[name] ?? ""))) {
      setState(withFilter(state, { filters: { actor: settled.actor.trim(), action: settled.action.trim(), since: settled.since.trim() } }));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only settled text goes to the URL
  }, [settled]);
  const zone = useTimeZone();
  // The typed time, read as the tables show times; the query waits for one that reads.
  const sinceInput = parseTimeInput(state.filters.since ?? "", zone);
  const typedSince = parseTimeInput(typed.since, zone);
  const page = useAuditPage(auditFiltersOf(state, sinceInput?.ok ? sinceInput.iso : ""), state.cursor || null);
  const pager = useCursorHistory(state, setState, JSON.stringify({ ...state, cursor: "" }));
  const type = (name: TextFilter, value: string) => setTyped({ ...typed, [name]: value });

  return (
    <>
      <PageHeader breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Audit log" }]} title="Audit log" subtitle="Sign-ins, failed sign-ins, permission denials and every action that changed something." />
      <div className="filter-form">
        <div className="field">
          <span className="field-label">Search</span>
          <FilterInput value={text} onChange={setText} placeholder="target or user contains…" label="Search the audit log" />
        </div>
        <Field label="User">{(props) => <Input {...props} value={typed.actor} spellCheck={false} placeholder="any" onChange={(e) => type("actor", e.target.value)} />}</Field>
        <Field label="Action">
          {(props) => (
            <Input {...props} className="mono" value={typed.action} spellCheck={false} placeholder="any, or a prefix: auth." title="An exact action, or a prefix ending in “.”" onChange={(e) => type("action", e.target.value)} />
          )}
        </Field>
        <Field label={`Since (${zoneWord(zone)} unless written)`} error={typedSince && !typedSince.ok ? typedSince.message : null}>
          {(props) => <Input {...props} type="text" spellCheck={false} autoComplete="off" placeholder={timePlaceholder(zone)} value={typed.since} onChange={(e) => type("since", e.target.value)} />}
        </Field>
      </div>
      <QueryView query={page} loadingLabel="Loading the audit log…">
        {(data) => (
          <>
            <DataTable
              label="Audit events"
              rows={data.events}
              rowKey={(event) => event.id}
              sort={{ id: state.sort, direction: state.dir }}
              onSort={(id) => setState(withSort(AUDIT_LIST, state, id as AuditSort))}
              empty={
                hasFilters(state) ? (
                  <NoMatch
                    title={noMatchTitle("events", state, { actor: "user", action: "action", since: "since" })}
                    onClear={() => {
                      setTyped({ actor: "", action: "", since: "" });
                      setState(withoutFilters(state));
                    }}
                  />
                ) : (
                  "Nothing recorded yet."
                )
              }
              dense
              columns={[
                { id: "at", header: "Time", sortable: true, width: "205px", className: "nowrap", cell: (event) => <Time value={event.at} /> },
                { id: "actor", header: "User", sortable: true, width: "140px", className: "break-all", cell: (event) => <span className="bidi-isolate">{event.actor}</span> },
                { id: "action", header: "Action", sortable: true, width: "190px", cell: (event) => <Badge tone={actionTone(event.action)}>{event.action}</Badge> },
                { id: "target", header: "Target", className: "mono break-all", cell: (event) => event.target },
                { id: "params", header: "Details", cell: (event) => <JsonCell value={event.params} /> },
                { id: "result", header: "Result", cell: (event) => <JsonCell value={event.result} /> },
              ]}
            />
            <CursorPager pager={pager} hasNext={Boolean(data.next)} busy={page.isPlaceholderData} onNext={() => data.next && pager.next(data.next)} summary={`${data.events.length} events`} />
          </>
        )}
      </QueryView>
    </>
  );
}
