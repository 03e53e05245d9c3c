"use client";
import type { ClusterKind } from "@/lib/brokers/kinds";
import type { ClusterAuth } from "@/lib/client/access-types";
import { storedSecret, type CredentialField, type CredentialValues, type FormClusterKind, type SecretInput } from "@/lib/client/cluster-credentials-form";
import { Checkbox, Field, Input, Select } from "@/components/ui/input";

const KEEP_HINT = "Stored (encrypted). Leave empty to keep it, unless the brokers or servers change.";

/**
 * SASL (Kafka), token / user and password (NATS), user and password (RabbitMQ, Redis). Secret inputs are password fields that start
 * empty: stored secrets never come back to the browser.
 */
export function ClusterCredentialFields({
  kind,
  values,
  stored,
  errors,
  onChange,
}: {
  kind: FormClusterKind;
  values: CredentialValues;
  stored?: ClusterAuth;
  errors: Partial<Record<CredentialField, string>>;
  onChange: (patch: Partial<CredentialValues>) => void;
}) {
  const secretInput = (field: SecretInput, label: string) => (
    <Field label={label} hint={storedSecret(stored, field) ? KEEP_HINT : "Stored encrypted; never shown again"} error={errors[field]}>
      {(props) => (
        <Input
          {...props}
          type="password"
          autoComplete="new-password"
          value={values[field]}
          placeholder={storedSecret(stored, field) ? "••••••••" : ""}
          onChange={(event) => onChange({ [field]: event.target.value })}
        />
      )}
    </Field>
  );

  // The UI's own part of each kind: its credential fields (the rest comes from the registry).
  const forms: Record<FormClusterKind, () => React.ReactNode> = {
    kafka: () => (
      <fieldset className="form-grid" aria-label="Kafka security">
        <Field label="SASL" error={errors.saslMechanism}>
          {(props) => (
            <Select {...props} value={values.saslMechanism} onChange={(event) => onChange({ saslMechanism: event.target.value as CredentialValues["saslMechanism"] })}>
              <option value="">none</option>
              <option value="plain">PLAIN</option>
              <option value="scram-sha-256">SCRAM-SHA-256</option>
              <option value="scram-sha-512">SCRAM-SHA-512</option>
            </Select>
          )}
        </Field>
        {values.saslMechanism !== "" ? (
          <>
            <Field label="SASL username" error={errors.saslUsername}>
              {(props) => <Input {...props} autoComplete="off" spellCheck={false} value={values.saslUsername} onChange={(event) => onChange({ saslUsername: event.target.value })} />}
            </Field>
            {secretInput("saslPassword", "SASL password")}
          </>
        ) : null}
        <div className="field">
          <Checkbox checked={values.ssl} onChange={(ssl) => onChange({ ssl })}>
            Connect with TLS
          </Checkbox>
        </div>
      </fieldset>
    ),
    nats: () => (
    <fieldset className="form-grid" aria-label="NATS authentication">
      <Field label="Authentication">
        {(props) => (
          <Select {...props} value={values.natsAuth} onChange={(event) => onChange({ natsAuth: event.target.value as CredentialValues["natsAuth"] })}>
            <option value="none">none</option>
            <option value="token">token</option>
            <option value="user">user and password</option>
          </Select>
        )}
      </Field>
      {values.natsAuth === "token" ? secretInput("natsToken", "Token") : null}
      {values.natsAuth === "user" ? (
        <>
          <Field label="User" error={errors.natsUser}>
            {(props) => <Input {...props} autoComplete="off" spellCheck={false} value={values.natsUser} onChange={(event) => onChange({ natsUser: event.target.value })} />}
          </Field>
          {secretInput("natsPass", "Password")}
        </>
      ) : null}
    </fieldset>
    ),
    rabbitmq: () => (
      <fieldset className="form-grid" aria-label="RabbitMQ credentials">
        <Field label="User" hint="For AMQP and the management API; empty: guest (accepted from localhost only)" error={errors.user}>
          {(props) => <Input {...props} autoComplete="off" spellCheck={false} value={values.user} onChange={(event) => onChange({ user: event.target.value })} />}
        </Field>
        {secretInput("pass", "Password")}
      </fieldset>
    ),
    "redis-streams": () => (
      <fieldset className="form-grid" aria-label="Redis credentials">
        <Field label="Username" hint="Optional: an ACL user; a password alone is requirepass" error={errors.user}>
          {(props) => <Input {...props} autoComplete="off" spellCheck={false} value={values.user} onChange={(event) => onChange({ user: event.target.value })} />}
        </Field>
        {secretInput("pass", "Password")}
      </fieldset>
    ),
  };
  return forms[kind]();
}
