"use client";
import { useState, type FormEvent } from "react";
import { CLUSTER_KINDS, kindInfo } from "@/lib/brokers/kinds";
import { ApiError, errorMessage } from "@/lib/client/api-client";
import type { Cluster } from "@/lib/contract/clusters";
import {
  buildClusterInput,
  emptyClusterForm,
  fieldForServerError,
  formValuesFromCluster,
  type ClusterFormField,
  type ClusterFormValues,
} from "@/lib/client/cluster-form";
import { useSaveCluster } from "@/lib/client/queries";
import {
  buildCredentialFields,
  credentialFieldForServerError,
  credentialsFromAuth,
  isFormClusterKind,
  type CredentialField,
  type CredentialValues,
} from "@/lib/client/cluster-credentials-form";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/input";
import { ClusterCredentialFields } from "./cluster-credential-fields";

export type ClusterFormMode = { mode: "create" } | { mode: "edit"; cluster: Cluster };

/**
 * Add or edit a database-backed cluster. The server validates; its message is shown next to the
 * field it names (or above the form when it names none).
 */
export function ClusterForm({
  target,
  onDone,
  onCancel,
}: {
  target: ClusterFormMode;
  onDone: (cluster: Cluster | undefined) => void;
  onCancel: () => void;
}) {
  const editing = target.mode === "edit";
  const [values, setValues] = useState<ClusterFormValues>(() =>
    target.mode === "edit" ? formValuesFromCluster(target.cluster) : emptyClusterForm,
  );
  // What the server says about stored credentials (whether they exist, never their values).
  const storedAuth = target.mode === "edit" ? target.cluster.auth : undefined;
  const [credentials, setCredentials] = useState<CredentialValues>(() => credentialsFromAuth(storedAuth));
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<ClusterFormField | CredentialField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const save = useSaveCluster();

  const update = (patch: Partial<ClusterFormValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    // An edited field's old error no longer applies.
    setFieldErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch) as ClusterFormField[]) delete next[key];
      return next;
    });
  };

  const updateCredentials = (patch: Partial<CredentialValues>) => {
    setCredentials((current) => ({ ...current, ...patch }));
    setFieldErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch) as CredentialField[]) delete next[key];
      return next;
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const built = buildClusterInput(values);
    if (!built.ok) {
      setFieldErrors({ [built.field]: built.message });
      return;
    }
    const secrets = buildCredentialFields(values.kind, credentials, storedAuth);
    if (!secrets.ok) {
      setFieldErrors({ [secrets.field]: secrets.message });
      return;
    }
    setFieldErrors({});
    save.mutate(
      { mode: editing ? "update" : "create", input: { ...built.input, ...secrets.fields } as typeof built.input },
      {
        onSuccess: (response) => onDone(response?.cluster),
        onError: (error) => {
          const message = errorMessage(error);
          if (error instanceof ApiError && error.isValidation) {
            const field = credentialFieldForServerError(message, error.field, values.kind) ?? fieldForServerError(message, error.field);
            if (field) {
              setFieldErrors({ [field]: message });
              return;
            }
          }
          setFormError(message);
        },
      },
    );
  };

  const info = kindInfo(values.kind);
  const extraFields = new Set(info.form.extraFields ?? []);
  return (
    <form className="card form-card" onSubmit={submit} aria-label={editing ? "Edit cluster" : "Add cluster"} noValidate>
      <h2 className="card-title">{editing ? `Edit ${target.mode === "edit" ? target.cluster.name : ""}` : "Add a cluster"}</h2>
      {formError ? (
        <div className="form-error" role="alert">
          {formError}
        </div>
      ) : null}
      <div className="form-grid">
        <Field label="Kind" error={fieldErrors.kind}>
          {(props) => (
            <Select
              {...props}
              value={values.kind}
              disabled={editing}
              onChange={(event) => update({ kind: isFormClusterKind(event.target.value) ? event.target.value : values.kind })}
            >
              {CLUSTER_KINDS.filter(isFormClusterKind).map((kind) => (
                <option key={kind} value={kind}>
                  {kindInfo(kind).formLabel}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Id" hint="Letters, digits, '.', '_' or '-'; used in URLs" error={fieldErrors.id}>
          {(props) => (
            <Input
              {...props}
              className="mono"
              value={values.id}
              disabled={editing}
              placeholder={info.form.idPlaceholder}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => update({ id: event.target.value })}
            />
          )}
        </Field>
        <Field label="Name" error={fieldErrors.name}>
          {(props) => (
            <Input
              {...props}
              value={values.name}
              placeholder={info.form.namePlaceholder}
              onChange={(event) => update({ name: event.target.value })}
            />
          )}
        </Field>
        <Field
          label={info.form.endpointsLabel ?? info.vocabulary.nodes}
          hint={info.form.endpointsHint}
          error={fieldErrors.endpoints}
          className="field-wide"
        >
          {(props) => (
            <Input
              {...props}
              className="mono"
              value={values.endpoints}
              placeholder={info.form.endpointsPlaceholder}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => update({ endpoints: event.target.value })}
            />
          )}
        </Field>
        {extraFields.has("managementUrl") ? (
          <Field label="Management API URL" hint="RabbitMQ's management plugin, e.g. http://127.0.0.1:15672" error={fieldErrors.managementUrl} className="field-wide">
            {(props) => (
              <Input
                {...props}
                className="mono"
                value={values.managementUrl}
                placeholder="http://rabbit-1:15672"
                spellCheck={false}
                autoComplete="off"
                onChange={(event) => update({ managementUrl: event.target.value })}
              />
            )}
          </Field>
        ) : null}
        {extraFields.has("vhosts") ? (
          <Field label="Vhosts" hint="Optional, comma-separated; default /" error={fieldErrors.vhosts}>
            {(props) => (
              <Input {...props} className="mono" value={values.vhosts} placeholder="/" spellCheck={false} autoComplete="off" onChange={(event) => update({ vhosts: event.target.value })} />
            )}
          </Field>
        ) : null}
        {extraFields.has("pattern") ? (
          <Field label="Stream key pattern" hint="Optional glob, e.g. orders*; default every stream" error={fieldErrors.pattern}>
            {(props) => (
              <Input {...props} className="mono" value={values.pattern} placeholder="orders*" spellCheck={false} autoComplete="off" onChange={(event) => update({ pattern: event.target.value })} />
            )}
          </Field>
        ) : null}
        <Field label="Sampling interval (ms)" hint="Optional; how often lag and rates are sampled" error={fieldErrors.samplingIntervalMs}>
          {(props) => (
            <Input
              {...props}
              inputMode="numeric"
              className="mono"
              value={values.samplingIntervalMs}
              placeholder="default"
              onChange={(event) => update({ samplingIntervalMs: event.target.value })}
            />
          )}
        </Field>
      </div>
      <ClusterCredentialFields kind={values.kind} values={credentials} stored={storedAuth} errors={fieldErrors} onChange={updateCredentials} />
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : editing ? "Save changes" : "Add cluster"}
        </Button>
        <Button onClick={onCancel} disabled={save.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
