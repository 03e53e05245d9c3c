import { describe, expect, it } from "vitest";
import { permissionFor, safeNextPath } from "@/lib/client/permissions";
import { shouldSignInAgain } from "@/lib/client/api-client";
import { buildCredentialFields, credentialFieldForServerError, credentialsFromAuth, emptyCredentials } from "@/lib/client/cluster-credentials-form";
import type { MeResponse } from "@/lib/client/access-types";

const me = (role: "viewer" | "operator" | "admin", readOnly = false, clusters: Record<string, boolean> = {}): MeResponse => ({
  user: { id: "u", username: "u", role, canSeeClearValues: false, via: "session" },
  readOnly: { readOnly, clusters },
});

describe("permissions in the UI", () => {
  it("follows roles, and read-only mode for operator actions", () => {
    expect(permissionFor(me("viewer"), "operator")).toEqual({ allowed: false, reason: "Needs the operator role" });
    expect(permissionFor(me("operator"), "operator").allowed).toBe(true);
    expect(permissionFor(me("admin", true), "operator")).toEqual({ allowed: false, reason: "Eventscope is in read-only mode" });
    expect(permissionFor(me("admin", true), "admin").allowed).toBe(true);
    expect(permissionFor(me("operator", false, { prod: true }), "operator", "prod").allowed).toBe(false);
    expect(permissionFor(me("operator", false, { prod: true }), "operator", "dev").allowed).toBe(true);
    expect(permissionFor(undefined, "viewer").allowed).toBe(false);
  });

  it("only returns to paths on this site after sign-in", () => {
    expect(safeNextPath("/clusters/a/topics?x=1")).toBe("/clusters/a/topics?x=1");
    for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example", "", undefined, "/sign-in?next=/x", "/a\nb"]) expect(safeNextPath(bad)).toBe("/");
  });

  it("sends a 401 to sign-in except from the sign-in endpoints", () => {
    expect(shouldSignInAgain("/api/v1/clusters")).toBe(true);
    expect(shouldSignInAgain("/api/v1/auth/me")).toBe(true);
    expect(shouldSignInAgain("/api/v1/auth/sign-in")).toBe(false);
    expect(shouldSignInAgain("/api/v1/auth/setup")).toBe(false);
  });
});

describe("cluster credential fields", () => {
  it("builds SASL, keeps a stored password when left empty, and removes SASL when off", () => {
    const stored = { ssl: true, sasl: { mechanism: "plain" as const, username: "svc" } };
    const values = credentialsFromAuth(stored);
    expect(values).toMatchObject({ ssl: true, saslMechanism: "plain", saslUsername: "svc", saslPassword: "" });
    expect(buildCredentialFields("kafka", values, stored)).toEqual({ ok: true, fields: { ssl: true, sasl: { mechanism: "plain", username: "svc", password: "" } } });
    expect(buildCredentialFields("kafka", { ...values, saslMechanism: "" }, stored)).toEqual({ ok: true, fields: { ssl: true, sasl: null } });
    expect(buildCredentialFields("kafka", values, undefined)).toMatchObject({ ok: false, field: "saslPassword" });
    expect(buildCredentialFields("kafka", { ...values, saslUsername: " " }, stored)).toMatchObject({ ok: false, field: "saslUsername" });
  });

  it("builds NATS token or user/password auth", () => {
    expect(buildCredentialFields("nats", { ...emptyCredentials, natsAuth: "token", natsToken: "t" })).toEqual({ ok: true, fields: { token: "t", user: null, pass: null } });
    expect(buildCredentialFields("nats", { ...emptyCredentials, natsAuth: "token" }, { token: true, user: null, pass: false })).toEqual({
      ok: true,
      fields: { token: "", user: null, pass: null },
    });
    expect(buildCredentialFields("nats", { ...emptyCredentials, natsAuth: "user", natsUser: "u" })).toMatchObject({ ok: false, field: "natsPass" });
    expect(buildCredentialFields("nats", emptyCredentials)).toEqual({ ok: true, fields: { token: null, user: null, pass: null } });
    expect(credentialsFromAuth({ token: false, user: "app", pass: true })).toMatchObject({ natsAuth: "user", natsUser: "app", natsPass: "" });
  });

  it("pins server errors on credential fields", () => {
    expect(credentialFieldForServerError("sasl.password: required (there is no stored value to keep)", "sasl.password")).toBe("saslPassword");
    expect(credentialFieldForServerError("token: required")).toBe("natsToken");
    expect(credentialFieldForServerError("brokers.0: expected host:port")).toBeNull();
    expect(credentialFieldForServerError("pass: required (there is no stored value to keep)", "pass", "rabbitmq")).toBe("pass");
    expect(credentialFieldForServerError("password: required", "password", "redis-streams")).toBe("pass");
    expect(credentialFieldForServerError("pass: required", "pass", "nats")).toBe("natsPass");
  });

  it("builds RabbitMQ and Redis user/password, a stored password kept by an empty field", () => {
    expect(buildCredentialFields("rabbitmq", emptyCredentials)).toEqual({ ok: true, fields: { user: null, pass: null } });
    expect(buildCredentialFields("rabbitmq", { ...emptyCredentials, user: "ops" })).toMatchObject({ ok: false, field: "pass" });
    expect(buildCredentialFields("rabbitmq", { ...emptyCredentials, pass: "x" })).toMatchObject({ ok: false, field: "user" });
    expect(buildCredentialFields("rabbitmq", { ...emptyCredentials, user: " ops ", pass: "pw" })).toEqual({ ok: true, fields: { user: "ops", pass: "pw" } });
    expect(buildCredentialFields("rabbitmq", { ...emptyCredentials, user: "ops" }, { user: "ops", pass: true })).toEqual({ ok: true, fields: { user: "ops", pass: "" } });
    expect(buildCredentialFields("redis-streams", { ...emptyCredentials, pass: "pw" })).toEqual({ ok: true, fields: { username: null, password: "pw" } });
    expect(buildCredentialFields("redis-streams", { ...emptyCredentials, user: "app" })).toMatchObject({ ok: false, field: "pass" });
    expect(buildCredentialFields("redis-streams", emptyCredentials)).toEqual({ ok: true, fields: { username: null, password: null } });
  });
});
