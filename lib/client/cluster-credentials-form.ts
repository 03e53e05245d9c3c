// The credential part of the add/edit cluster form, pure: the browser never receives stored secrets,
// so on edit an empty secret field is sent as "" and the server keeps what it has (see
// lib/clusters/cluster-secrets.ts). Leaving SASL or NATS auth off removes them.
import type { ClusterAuth, SaslMechanism } from "./access-types";
import type { ClusterKind } from "@/lib/contract/common";

export type NatsAuthMode = "none" | "token" | "user";

export interface CredentialValues {
  ssl: boolean;
  /** "" means no SASL. */
  saslMechanism: "" | SaslMechanism;
  saslUsername: string;
  saslPassword: string;
  natsAuth: NatsAuthMode;
  natsToken: string;
  natsUser: string;
  natsPass: string;
  /** RabbitMQ (AMQP and management API) and Redis: a user (Redis: ACL username, optional) and password. */
  user: string;
  pass: string;
}

export type CredentialField = "saslMechanism" | "saslUsername" | "saslPassword" | "natsToken" | "natsUser" | "natsPass" | "user" | "pass";
export type SecretInput = "saslPassword" | "natsToken" | "natsPass" | "pass";

export const emptyCredentials: CredentialValues = {
  ssl: false,
  saslMechanism: "",
  saslUsername: "",
  saslPassword: "",
  natsAuth: "none",
  natsToken: "",
  natsUser: "",
  natsPass: "",
  user: "",
  pass: "",
};

export function isKafkaAuth(auth: ClusterAuth | undefined): auth is Extract<ClusterAuth, { ssl: boolean }> {
  return auth !== undefined && "ssl" in auth;
}

/** Form values for an existing cluster: usernames and switches, secrets left empty. */
export function credentialsFromAuth(auth: ClusterAuth | undefined): CredentialValues {
  if (!auth) return emptyCredentials;
  if (isKafkaAuth(auth)) {
    return { ...emptyCredentials, ssl: auth.ssl, saslMechanism: auth.sasl?.mechanism ?? "", saslUsername: auth.sasl?.username ?? "" };
  }
  const natsAuth: NatsAuthMode = auth.token ? "token" : auth.user ? "user" : "none";
  return { ...emptyCredentials, natsAuth, natsUser: auth.user ?? "", user: auth.user ?? "" };
}

/** Whether a secret is stored that an empty field would keep. */
export function storedSecret(auth: ClusterAuth | undefined, field: SecretInput): boolean {
  if (!auth) return false;
  if (isKafkaAuth(auth)) return field === "saslPassword" && auth.sasl !== null;
  return field === "natsToken" ? auth.token === true : field === "natsPass" || field === "pass" ? auth.pass : false;
}

export type CredentialResult =
  | { ok: true; fields: Record<string, unknown> }
  | { ok: false; field: CredentialField; message: string };

type CredentialBuilder = (values: CredentialValues, secret: (field: SecretInput, label: string) => CredentialResult | string) => CredentialResult;

// The UI's own part of each kind: how its credential fields become the API body. The Settings form
// adds and edits the kinds listed here (every kind of the config schema).
const CREDENTIAL_BUILDERS = {
  kafka(values, secret) {
    const fields: Record<string, unknown> = values.ssl ? { ssl: true } : {};
    if (values.saslMechanism === "") return { ok: true, fields: { ...fields, sasl: null } };
    const username = values.saslUsername.trim();
    if (!username) return { ok: false, field: "saslUsername", message: "SASL username is required" };
    const password = secret("saslPassword", "SASL password");
    if (typeof password !== "string") return password;
    return { ok: true, fields: { ...fields, sasl: { mechanism: values.saslMechanism, username, password } } };
  },
  nats(values, secret) {
    if (values.natsAuth === "token") {
      const token = secret("natsToken", "Token");
      return typeof token === "string" ? { ok: true, fields: { token, user: null, pass: null } } : token;
    }
    if (values.natsAuth === "user") {
      const user = values.natsUser.trim();
      if (!user) return { ok: false, field: "natsUser", message: "User is required" };
      const pass = secret("natsPass", "Password");
      return typeof pass === "string" ? { ok: true, fields: { token: null, user, pass } } : pass;
    }
    return { ok: true, fields: { token: null, user: null, pass: null } };
  },
  // Without a user RabbitMQ's client logs in as guest/guest (which RabbitMQ only accepts from localhost).
  rabbitmq(values, secret) {
    const user = values.user.trim();
    if (!user) return values.pass === "" ? { ok: true, fields: { user: null, pass: null } } : { ok: false, field: "user", message: "User is required with a password" };
    const pass = secret("pass", "Password");
    return typeof pass === "string" ? { ok: true, fields: { user, pass } } : pass;
  },
  // Redis: a password alone (requirepass) or with an ACL username; neither for an open server.
  "redis-streams"(values, secret) {
    const username = values.user.trim() || null;
    if (values.pass === "" && !username) return { ok: true, fields: { username: null, password: null } };
    const password = secret("pass", "Password");
    return typeof password === "string" ? { ok: true, fields: { username, password } } : password;
  },
} satisfies Partial<Record<ClusterKind, CredentialBuilder>>;

/** The kinds the Settings form can add or edit: those whose credential fields the UI knows. */
export type FormClusterKind = keyof typeof CREDENTIAL_BUILDERS;
export const isFormClusterKind = (kind: unknown): kind is FormClusterKind => typeof kind === "string" && Object.hasOwn(CREDENTIAL_BUILDERS, kind);

export function buildCredentialFields(kind: FormClusterKind, values: CredentialValues, stored?: ClusterAuth): CredentialResult {
  const secret = (field: SecretInput, label: string): CredentialResult | string => {
    const value = values[field];
    if (value === "" && !storedSecret(stored, field)) return { ok: false, field, message: `${label} is required` };
    return value;
  };
  const build: CredentialBuilder = CREDENTIAL_BUILDERS[kind];
  return build(values, secret);
}

const SERVER_FIELDS: Record<string, CredentialField> = {
  "sasl.mechanism": "saslMechanism",
  "sasl.username": "saslUsername",
  "sasl.password": "saslPassword",
  token: "natsToken",
  user: "natsUser",
  pass: "natsPass",
  username: "user",
  password: "pass",
};

const PLAIN_USER_PASS = { user: "user", pass: "pass" } as const satisfies Record<"user" | "pass", CredentialField>;
const USER_PASS_INPUTS: Partial<Record<ClusterKind, Record<"user" | "pass", CredentialField>>> = {
  nats: { user: "natsUser", pass: "natsPass" },
};

/** The credential field a server validation error names ("sasl.password: required ..."), if any. */
export function credentialFieldForServerError(message: string, field?: string, kind?: ClusterKind): CredentialField | null {
  for (const candidate of [field, message.match(/^\s*([\w.]+)\s*:/)?.[1]]) {
    if (!candidate || !SERVER_FIELDS[candidate]) continue;
    // NATS names its user and password fields like RabbitMQ and Redis do; the form shows NATS's in
    // inputs of their own (beside the token choice), the other kinds' in the plain user/password pair.
    if (kind !== undefined && (candidate === "user" || candidate === "pass")) return (USER_PASS_INPUTS[kind] ?? PLAIN_USER_PASS)[candidate];
    return SERVER_FIELDS[candidate]!;
  }
  return null;
}
