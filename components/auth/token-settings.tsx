"use client";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/client/api-client";
import { useCreateToken, useRevokeToken, useTokens } from "@/lib/client/access-queries";
import type { ApiTokenRow } from "@/lib/client/access-types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, confirmMutationProps } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { Checkbox, Field, Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { useCurrentUser } from "./current-user";
import { Time } from "@/components/ui/time";

/** The new token, once: it lives only in this component's state until the page is left. */
function NewTokenNotice({ token, onDismiss }: { token: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="token-reveal" role="status">
      <strong>Copy this token now: it will not be shown again.</strong>
      <code className="token-value">{token}</code>
      <span className="row-actions">
        <Button
          size="sm"
          onClick={() =>
            void navigator.clipboard?.writeText(token).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Done
        </Button>
      </span>
      <div className="muted">Use it as <code className="mono">Authorization: Bearer …</code>; it acts with your role.</div>
    </div>
  );
}

export function TokenSettings() {
  const me = useCurrentUser();
  const isAdmin = me?.user.role === "admin";
  const [all, setAll] = useState(false);
  const tokens = useTokens(all && isAdmin);
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState("");
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenRow | null>(null);
  const bootstrap = me?.user.via === "bootstrap-token";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name, {
      onSuccess: (result) => {
        setCreated(result.token);
        setName("");
      },
    });
  };

  return (
    <>
      <PageHeader breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Settings", href: "/settings" }, { label: "API tokens" }]} title="API tokens" subtitle="For scripts and CI: send one as Authorization: Bearer <token>." />
      {created ? <NewTokenNotice token={created} onDismiss={() => setCreated(null)} /> : null}
      {bootstrap ? null : (
        <form className="card form-card" onSubmit={submit} aria-label="Create token">
          <h2 className="card-title">Create a token</h2>
          {create.isError ? (
            <div className="form-error" role="alert">
              {errorMessage(create.error)}
            </div>
          ) : null}
          <div className="form-grid">
            <Field label="Name" hint="What it is for, e.g. “CI requeue job”">
              {(props) => <Input {...props} value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} />}
            </Field>
          </div>
          <div className="form-actions">
            <Button type="submit" variant="primary" disabled={create.isPending || name.trim() === ""}>
              {create.isPending ? "Creating…" : "Create token"}
            </Button>
          </div>
        </form>
      )}
      {isAdmin ? (
        <div className="toolbar">
          <Checkbox checked={all} onChange={setAll}>
            Show every user&apos;s tokens
          </Checkbox>
        </div>
      ) : null}
      <QueryView query={tokens} loadingLabel="Loading tokens…">
        {(data) => (
          <DataTable
            label="API tokens"
            rows={data.tokens}
            rowKey={(token) => token.id}
            empty="No tokens yet."
            columns={[
              { id: "name", header: "Name", cell: (token) => <span className="bidi-isolate">{token.name}</span> },
              { id: "prefix", header: "Token", width: "130px", className: "mono", cell: (token) => `${token.prefix}…` },
              ...(all ? [{ id: "owner", header: "User", width: "140px", cell: (token: ApiTokenRow) => token.username }] : []),
              { id: "created", header: "Created", width: "205px", className: "nowrap", cell: (token) => <Time value={token.createdAt} /> },
              { id: "used", header: "Last used", width: "205px", className: "nowrap", cell: (token) => (token.lastUsedAt ? <Time value={token.lastUsedAt} /> : <span className="muted">never</span>) },
              {
                id: "state",
                header: "Status",
                width: "150px",
                align: "right",
                cell: (token) =>
                  token.revokedAt ? (
                    <Badge tone="neutral">revoked <Time value={token.revokedAt} /></Badge>
                  ) : (
                    <Button size="sm" variant="danger" onClick={() => setRevoking(token)}>
                      Revoke
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke token “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke"
        destructive
        {...confirmMutationProps(revoke, () => setRevoking(null))}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      >
        <p>Scripts using it get 401 from now on. This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}
