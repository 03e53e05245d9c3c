"use client";
import { useState, type FormEvent } from "react";
import { ROLES, type Role } from "@/lib/auth/roles";
import { errorMessage } from "@/lib/client/api-client";
import { useCreateUser, useDeleteUser, useUpdateUser, useUsers, type UserChange } from "@/lib/client/access-queries";
import type { UserRow } from "@/lib/client/access-types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, confirmMutationProps } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { Checkbox, Field, Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { useCurrentUser } from "./current-user";
import { AdminOnly } from "./settings-tabs";
import { Time } from "@/components/ui/time";

const ROLE_HELP: Record<Role, string> = {
  viewer: "reads everything (except masked values)",
  operator: "also requeues, replays, discards, resets offsets",
  admin: "also manages clusters, users, masking and read-only mode",
};

function CreateUserForm() {
  const create = useCreateUser();
  const [values, setValues] = useState({ username: "", password: "", role: "viewer" as Role, canSeeClearValues: false });
  const [notice, setNotice] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    create.mutate(values, {
      onSuccess: ({ user }) => {
        setNotice(`Added ${user.username} (${user.role}).`);
        setValues({ username: "", password: "", role: "viewer", canSeeClearValues: false });
      },
    });
  };
  return (
    <form className="card form-card" onSubmit={submit} aria-label="Add user">
      <h2 className="card-title">Add a user</h2>
      {create.isError ? (
        <div className="form-error" role="alert">
          {errorMessage(create.error)}
        </div>
      ) : null}
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      <div className="form-grid">
        <Field label="Username">
          {(props) => <Input {...props} autoComplete="off" spellCheck={false} value={values.username} onChange={(e) => setValues({ ...values, username: e.target.value })} />}
        </Field>
        <Field label="Password" hint="At least 10 characters; they can change it later">
          {(props) => <Input {...props} type="password" autoComplete="new-password" value={values.password} onChange={(e) => setValues({ ...values, password: e.target.value })} />}
        </Field>
        <Field label="Role" hint={ROLE_HELP[values.role]}>
          {(props) => (
            <Select {...props} value={values.role} onChange={(e) => setValues({ ...values, role: e.target.value as Role })}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <Checkbox checked={values.canSeeClearValues} onChange={(checked) => setValues({ ...values, canSeeClearValues: checked })}>
        May see values hidden by masking rules
      </Checkbox>
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add user"}
        </Button>
      </div>
    </form>
  );
}

type Pending = { kind: "delete" | "password"; user: UserRow } | null;

export function UserAdmin() {
  const users = useUsers();
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const me = useCurrentUser();
  const [pending, setPending] = useState<Pending>(null);
  const [newPassword, setNewPassword] = useState("");
  const change = (user: UserRow, patch: UserChange) => update.mutate({ id: user.id, change: patch });

  return (
    <AdminOnly>
      <PageHeader breadcrumbs={[{ label: "Overview", href: "/" }, { label: "Settings", href: "/settings" }, { label: "Users" }]} title="Users" subtitle="Who may sign in, and what they may do." />
      <CreateUserForm />
      {update.isError ? (
        <div className="form-error" role="alert">
          {errorMessage(update.error)}
        </div>
      ) : null}
      <QueryView query={users} loadingLabel="Loading users…">
        {(data) => (
          <DataTable
            label="Users"
            rows={data.users}
            rowKey={(user) => user.id}
            columns={[
              {
                id: "username",
                header: "User",
                cell: (user) => (
                  <span className="bidi-isolate">
                    {user.username} {user.id === me?.user.id ? <Badge tone="info">you</Badge> : null}{" "}
                    {user.sso ? <Badge tone="info">SSO</Badge> : null}
                  </span>
                ),
              },
              {
                id: "role",
                header: "Role",
                width: "150px",
                cell: (user) => (
                  <Select aria-label={`Role of ${user.username}`} value={user.role} disabled={update.isPending} onChange={(e) => change(user, { role: e.target.value as Role })}>
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </Select>
                ),
              },
              {
                id: "clear",
                header: "Clear values",
                title: "May see values hidden by masking rules",
                width: "120px",
                cell: (user) => (
                  <Checkbox checked={user.canSeeClearValues} onChange={(checked) => change(user, { canSeeClearValues: checked })}>
                    <span className="sr-only">{user.username} may see masked values</span>
                  </Checkbox>
                ),
              },
              { id: "status", header: "Status", width: "100px", cell: (user) => (user.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="ok">active</Badge>) },
              { id: "created", header: "Added", width: "205px", className: "nowrap", cell: (user) => <Time value={user.createdAt} /> },
              {
                id: "actions",
                header: <span className="sr-only">Actions</span>,
                align: "right",
                width: "280px",
                cell: (user) => (
                  <span className="row-actions">
                    <Button size="sm" onClick={() => setPending({ kind: "password", user })}>
                      Set password
                    </Button>
                    {user.id !== me?.user.id ? (
                      <>
                        <Button size="sm" onClick={() => change(user, { disabled: !user.disabled })}>
                          {user.disabled ? "Enable" : "Disable"}
                        </Button>
                        <Button size="sm" variant="danger" onClick={() => setPending({ kind: "delete", user })}>
                          Delete
                        </Button>
                      </>
                    ) : null}
                  </span>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      <ConfirmDialog
        open={pending?.kind === "delete"}
        title={`Delete user “${pending?.user.username ?? ""}”?`}
        confirmLabel="Delete user"
        destructive
        {...confirmMutationProps(remove, () => setPending(null))}
        onConfirm={() => pending && remove.mutate(pending.user.id, { onSuccess: () => setPending(null) })}
      >
        <p>Their sessions and API tokens stop working at once. The audit trail keeps their name.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.kind === "password"}
        title={`New password for “${pending?.user.username ?? ""}”`}
        confirmLabel="Set password"
        {...confirmMutationProps(update, () => {
          setNewPassword("");
          setPending(null);
        })}
        onConfirm={() =>
          pending &&
          update.mutate(
            { id: pending.user.id, change: { password: newPassword } },
            {
              onSuccess: () => {
                setNewPassword("");
                setPending(null);
              },
            },
          )
        }
      >
        <Field label="Password" hint="At least 10 characters. Their open sessions end.">
          {(props) => <Input {...props} type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} />}
        </Field>
      </ConfirmDialog>
    </AdminOnly>
  );
}
