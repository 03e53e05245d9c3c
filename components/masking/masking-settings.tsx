"use client";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/client/api-client";
import { useCreateMaskingRule, useDeleteMaskingRule, useMaskingRules } from "@/lib/client/access-queries";
import type { MaskingRule } from "@/lib/client/access-types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, confirmMutationProps } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { Field, Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { AdminOnly } from "@/components/auth/settings-tabs";

const PATTERN_HINT: Record<MaskingRule["kind"], string> = {
  "json-path": "$.user.phone, $.items[*].card, $..email",
  header: "authorization, x-api-key, x-secret-*",
  key: "$ (the whole key), $.customerId (a field of a JSON key)",
};

const KIND_LABEL: Record<MaskingRule["kind"], string> = { "json-path": "JSON path", header: "Header name", key: "Key: JSON path" };

function ruleKind(text: string): MaskingRule["kind"] {
  return text === "header" || text === "key" ? text : "json-path";
}

export function MaskingSettings() {
  const rules = useMaskingRules();
  const create = useCreateMaskingRule();
  const remove = useDeleteMaskingRule();
  const [draft, setDraft] = useState({ kind: "json-path" as MaskingRule["kind"], pattern: "", topic: "" });
  const [deleting, setDeleting] = useState<MaskingRule | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { kind: draft.kind, pattern: draft.pattern.trim(), topic: draft.topic.trim() || null },
      { onSuccess: () => setDraft({ ...draft, pattern: "" }) },
    );
  };

  return (
    <AdminOnly>
      <PageHeader
        breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Settings", href: "/settings" }, { label: "Masking" }]}
        title="Masking rules"
        subtitle="Values matched here are replaced by *** on the server, before any message (browse, DLQ, trace, export) leaves it. Users allowed to see clear values are exempt."
      />
      <form className="card form-card" onSubmit={submit} aria-label="Add masking rule">
        <h2 className="card-title">Add a rule</h2>
        {create.isError ? (
          <div className="form-error" role="alert">
            {errorMessage(create.error)}
          </div>
        ) : null}
        <div className="form-grid">
          <Field label="Mask">
            {(props) => (
              <Select {...props} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: ruleKind(e.target.value) })}>
                <option value="json-path">a JSON path in the value</option>
                <option value="header">a header</option>
                <option value="key">the key</option>
              </Select>
            )}
          </Field>
          <Field label={KIND_LABEL[draft.kind]} hint={PATTERN_HINT[draft.kind]}>
            {(props) => <Input {...props} className="mono" spellCheck={false} autoComplete="off" value={draft.pattern} onChange={(e) => setDraft({ ...draft, pattern: e.target.value })} />}
          </Field>
          <Field label="Topic or stream" hint="Empty: every topic of every cluster">
            {(props) => <Input {...props} className="mono" spellCheck={false} autoComplete="off" value={draft.topic} placeholder="all topics" onChange={(e) => setDraft({ ...draft, topic: e.target.value })} />}
          </Field>
        </div>
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={create.isPending || draft.pattern.trim() === ""}>
            {create.isPending ? "Adding…" : "Add rule"}
          </Button>
        </div>
      </form>
      <QueryView query={rules} loadingLabel="Loading rules…">
        {(data) => (
          <DataTable
            label="Masking rules"
            rows={data.rules}
            rowKey={(rule) => rule.id}
            empty="No rules: payloads are shown as they are."
            columns={[
              { id: "kind", header: "Kind", width: "110px", cell: (rule) => <Badge tone={rule.kind === "header" ? "info" : "accent"}>{rule.kind}</Badge> },
              { id: "pattern", header: "Pattern", className: "mono break-all", cell: (rule) => rule.pattern },
              { id: "topic", header: "Topic", className: "mono break-all", cell: (rule) => rule.topic ?? <span className="muted">all topics</span> },
              {
                id: "actions",
                header: <span className="sr-only">Actions</span>,
                width: "100px",
                align: "right",
                cell: (rule) => (
                  <Button size="sm" variant="danger" onClick={() => setDeleting(rule)}>
                    Delete
                  </Button>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this masking rule?"
        confirmLabel="Delete rule"
        destructive
        {...confirmMutationProps(remove, () => setDeleting(null))}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        <p>
          <code>{deleting?.pattern}</code> will be shown in clear to everyone who can read {deleting?.topic ? <code>{deleting.topic}</code> : "any topic"}.
        </p>
      </ConfirmDialog>
    </AdminOnly>
  );
}
