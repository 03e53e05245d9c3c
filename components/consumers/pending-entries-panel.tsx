"use client";
import Link from "next/link";
import { useState } from "react";
import { useMe } from "@/lib/client/access-queries";
import { errorMessage } from "@/lib/client/api-client";
import { jobHref } from "@/lib/client/dlq-filters";
import { formatDurationMs, formatInteger } from "@/lib/client/format";
import { revealControlChars } from "@/lib/client/message-value";
import { consumerNameProblem, IDLE_UNITS, MAX_SELECTED, parseDeliveries, parseIdle, type IdleUnit } from "@/lib/client/pending-form";
import { usePendingAction, usePendingDryRun, usePendingEntries, type PendingActionRequest, type PendingPageParams } from "@/lib/client/pending-queries";
import { permissionFor } from "@/lib/client/permissions";
import type { PendingEntryRow } from "@/lib/contract/consumers";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { Field, Input, Select } from "@/components/ui/input";
import { Section } from "@/components/ui/section";

// A group's pending entries (delivered, not acknowledged: Redis Streams' PEL), oldest first or by idle
// time, a page at a time. Entries chosen by hand, or every entry idle longer than N, can be claimed to
// a consumer or acknowledged: a dry run counts them, a confirmation states the count, and the server
// runs the change as an audited job that re-checks each entry when it acts. Entries delivered N times
// or more can be moved to the group's dead-letter stream the same way.

const PAGE_SIZE = 50;
const POLL_MS = 10_000;

function describe(request: PendingActionRequest): string {
  if (request.action === "dead-letter") return `Dead-letter entries delivered at least ${formatInteger(request.minDeliveries)} times`;
  const what = request.ids
    ? `${formatInteger(request.ids.length)} selected entr${request.ids.length === 1 ? "y" : "ies"}`
    : `entries idle longer than ${formatDurationMs(request.minIdleMs)}`;
  return request.action === "claim" ? `Claim ${what} to "${request.consumer}"` : `Acknowledge ${what}`;
}

export function PendingEntriesPanel({ clusterId, group }: { clusterId: string; group: string }) {
  const permission = permissionFor(useMe().data, "operator", clusterId);
  const [sort, setSort] = useState<"id" | "idle">("id");
  // The pages seen so far: Prev goes back along them (the API pages forward only).
  const [pages, setPages] = useState<PendingPageParams[]>([{ limit: PAGE_SIZE, sort: "id" }]);
  const params = pages[pages.length - 1];
  const list = usePendingEntries(clusterId, group, params, POLL_MS);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [consumer, setConsumer] = useState("");
  const [idleValue, setIdleValue] = useState("5");
  const [idleUnit, setIdleUnit] = useState<IdleUnit>("min");
  const [deliveries, setDeliveries] = useState("5");
  const [attempted, setAttempted] = useState<"claim" | "ack" | "dead-letter" | null>(null);
  const [request, setRequest] = useState<PendingActionRequest | null>(null);
  const [queued, setQueued] = useState<{ jobId: string; text: string } | null>(null);
  const dryRun = usePendingDryRun(clusterId, group);
  const action = usePendingAction(clusterId, group);

  const consumerProblem = attempted === "claim" ? consumerNameProblem(consumer) : null;
  const idle = parseIdle(idleValue, idleUnit);
  const minDeliveries = parseDeliveries(deliveries);
  const entries = list.data?.entries ?? [];
  const nextParams: PendingPageParams | null =
    list.data?.next !== undefined ? { ...params, after: list.data.next } : list.data?.nextOffset !== undefined ? { ...params, offset: list.data.nextOffset } : null;

  function sortBy(next: "id" | "idle") {
    setSort(next);
    setPages([{ limit: PAGE_SIZE, sort: next }]);
  }

  function toggle(id: string, on: boolean) {
    setSelected((current) => {
      const copy = new Set(current);
      if (on && copy.size < MAX_SELECTED) copy.add(id);
      else copy.delete(id);
      return copy;
    });
  }

  function start(kind: "claim" | "ack", bySelection: boolean) {
    setAttempted(kind);
    setQueued(null);
    if (kind === "claim" && consumerNameProblem(consumer)) return;
    if (!bySelection && "problem" in idle) return;
    const selection = bySelection ? { ids: [...selected] } : { minIdleMs: (idle as { ms: number }).ms };
    const next: PendingActionRequest = kind === "claim" ? { action: "claim", consumer, ...selection } : { action: "ack", ...selection };
    action.reset();
    setRequest(next);
    dryRun.mutate(next);
  }

  function startDeadLetter() {
    setAttempted("dead-letter");
    setQueued(null);
    if ("problem" in minDeliveries) return;
    const next: PendingActionRequest = { action: "dead-letter", minDeliveries: minDeliveries.count };
    action.reset();
    setRequest(next);
    dryRun.mutate(next);
  }

  function confirm() {
    if (!request) return;
    action.mutate(request, {
      onSuccess: (result) => {
        setQueued({ jobId: result.job.id, text: describe(request) });
        setRequest(null);
        if (request.ids) setSelected(new Set());
      },
    });
  }

  const count = dryRun.data?.matched;
  const newConsumer = dryRun.data && "consumerExists" in dryRun.data && dryRun.data.consumerExists === false;
  const destination = dryRun.data && "destination" in dryRun.data ? dryRun.data.destination : undefined;
  const blocked = permission.allowed ? undefined : permission.reason;
  const allOnPage = entries.length > 0 && entries.every((e) => selected.has(e.id));

  return (
    <Section title={`Pending entries (${list.data ? formatInteger(list.data.total) : "…"})`}>
      <div data-testid="pending-panel">
        <p className="muted">
          Delivered to a consumer and not acknowledged. An entry idle for long usually belongs to a consumer that died: claim it to a live consumer, or
          acknowledge it to drop it from the group (it stays in the stream).
        </p>
        {list.isError ? (
          <div className="form-error" role="alert">
            {errorMessage(list.error)}
          </div>
        ) : null}
        <DataTable<PendingEntryRow>
          label="Pending entries"
          dense
          rows={entries}
          rowKey={(e) => e.id}
          sort={{ id: sort, direction: sort === "id" ? "asc" : "desc" }}
          onSort={(id) => sortBy(id === "idle" ? "idle" : "id")}
          rowClassName={() => "pending-row"}
          empty={list.isPending ? "Loading…" : "No pending entries."}
          columns={[
            {
              id: "select",
              header: (
                <input
                  type="checkbox"
                  aria-label="Select the entries of this page"
                  data-testid="pending-select-page"
                  checked={allOnPage}
                  onChange={(event) => entries.forEach((e) => toggle(e.id, event.target.checked))}
                />
              ),
              width: "2.5em",
              cell: (e) => (
                <input type="checkbox" aria-label={`Select ${e.id}`} data-testid="pending-select" data-id={e.id} checked={selected.has(e.id)} onChange={(event) => toggle(e.id, event.target.checked)} />
              ),
            },
            { id: "id", header: "Entry id", sortable: true, className: "mono", cell: (e) => <span data-testid="pending-id">{e.id}</span> },
            { id: "consumer", header: "Consumer", className: "mono break-all", cell: (e) => <span className="bidi-isolate">{revealControlChars(e.consumer)}</span> },
            { id: "idle", header: "Idle", sortable: true, align: "right", title: "Since the entry was last delivered", cell: (e) => <span data-idle-ms={e.idleMs}>{formatDurationMs(e.idleMs)}</span> },
            { id: "deliveries", header: "Deliveries", align: "right", cell: (e) => formatInteger(e.deliveries) },
          ]}
        />
        <nav className="pagination" aria-label="Pending entries pages">
          <span className="pagination-range">
            Page {formatInteger(pages.length)}
            {list.data?.sortedWithin ? ` · sorted among the oldest ${formatInteger(list.data.sortedWithin)}` : ""}
            {selected.size > 0 ? ` · ${formatInteger(selected.size)} selected` : ""}
          </span>
          <span className="pagination-buttons">
            <Button size="sm" disabled={pages.length === 1} onClick={() => setPages((p) => p.slice(0, -1))}>
              ‹ Prev
            </Button>
            <Button size="sm" data-testid="pending-next" disabled={!nextParams} onClick={() => nextParams && setPages((p) => [...p, nextParams])}>
              Next ›
            </Button>
          </span>
        </nav>

        <div className="form-grid">
          <Field label="Claim to consumer" hint="The consumer that gets the entries; a new name creates it" error={consumerProblem}>
            {(props) => (
              <Input {...props} data-testid="pending-consumer" spellCheck={false} autoComplete="off" maxLength={300} value={consumer} onChange={(event) => setConsumer(event.target.value)} />
            )}
          </Field>
          <Field label="Idle longer than" error={"problem" in idle && (attempted === "claim" || attempted === "ack") ? idle.problem : null}>
            {(props) => (
              <span className="toolbar">
                <Input {...props} data-testid="pending-idle" inputMode="decimal" value={idleValue} onChange={(event) => setIdleValue(event.target.value)} />
                <Select aria-label="Unit" data-testid="pending-idle-unit" value={idleUnit} onChange={(event) => setIdleUnit(event.target.value as IdleUnit)}>
                  {Object.keys(IDLE_UNITS).map((unit) => (
                    <option key={unit} value={unit}>
                      {unit}
                    </option>
                  ))}
                </Select>
              </span>
            )}
          </Field>
          <Field label="Delivered at least (times)" hint="Poison entries: moved to the dead-letter stream" error={"problem" in minDeliveries && attempted === "dead-letter" ? minDeliveries.problem : null}>
            {(props) => <Input {...props} data-testid="pending-deliveries" inputMode="numeric" value={deliveries} onChange={(event) => setDeliveries(event.target.value)} />}
          </Field>
        </div>
        <div className="form-actions">
          <Button data-testid="pending-claim-selected" disabled={!!blocked || selected.size === 0} title={blocked} onClick={() => start("claim", true)}>
            Claim selected ({formatInteger(selected.size)})…
          </Button>
          <Button data-testid="pending-claim-idle" disabled={!!blocked} title={blocked} onClick={() => start("claim", false)}>
            Claim all idle longer than {idleValue || "N"} {idleUnit}…
          </Button>
          <Button variant="danger" data-testid="pending-ack-selected" disabled={!!blocked || selected.size === 0} title={blocked} onClick={() => start("ack", true)}>
            Ack selected ({formatInteger(selected.size)})…
          </Button>
          <Button variant="danger" data-testid="pending-ack-idle" disabled={!!blocked} title={blocked} onClick={() => start("ack", false)}>
            Ack all idle longer than {idleValue || "N"} {idleUnit}…
          </Button>
          <Button variant="danger" data-testid="pending-dead-letter" disabled={!!blocked} title={blocked} onClick={startDeadLetter}>
            Dead-letter all delivered {deliveries || "N"}+ times…
          </Button>
        </div>
        {queued ? (
          <div className="notice" role="status" data-testid="pending-queued">
            {queued.text}: <Link href={jobHref.detail(queued.jobId)}>job {queued.jobId}</Link> queued.
          </div>
        ) : null}

        <ConfirmDialog
          open={request !== null}
          title={request ? `${describe(request)}?` : ""}
          confirmLabel={count ? `${request?.action === "claim" ? "Claim" : request?.action === "dead-letter" ? "Dead-letter" : "Acknowledge"} ${formatInteger(count)} entr${count === 1 ? "y" : "ies"}` : "Nothing to do"}
          destructive={request?.action !== "claim"}
          busy={action.isPending || dryRun.isPending}
          error={dryRun.isError ? errorMessage(dryRun.error) : action.isError ? errorMessage(action.error) : null}
          confirmTestId="pending-confirm"
          onConfirm={() => (count ? confirm() : setRequest(null))}
          onCancel={() => setRequest(null)}
        >
          <p data-testid="pending-confirm-count" data-count={count ?? ""}>
            {count === undefined
              ? "Counting the entries…"
              : count === 0
                ? "No pending entry matches now: nothing would change."
                : request?.action === "claim"
                  ? `${formatInteger(count)} pending entr${count === 1 ? "y goes" : "ies go"} to consumer "${request.consumer}" (delivery counts stay).`
                  : request?.action === "dead-letter"
                    ? `${formatInteger(count)} pending entr${count === 1 ? "y is" : "ies are"} copied to the dead-letter stream "${destination ?? "?"}" with where ${count === 1 ? "it" : "they"} came from, and acknowledged, in one step each.`
                    : `${formatInteger(count)} pending entr${count === 1 ? "y is" : "ies are"} acknowledged: the group will not deliver ${count === 1 ? "it" : "them"} again.`}
          </p>
          {newConsumer ? (
            <p className="form-error" data-testid="pending-new-consumer">
              Consumer &quot;{revealControlChars(request?.action === "claim" ? request.consumer : "")}&quot; does not exist in this group: the claim creates it.
            </p>
          ) : null}
          <p className="muted">Each entry is checked again when the job reaches it: one acknowledged or read again meanwhile is left alone.</p>
        </ConfirmDialog>
      </div>
    </Section>
  );
}
