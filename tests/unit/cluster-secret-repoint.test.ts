import { describe, expect, it } from "vitest";
import { addressChange, keepStoredSecrets } from "@/lib/clusters/cluster-secrets";
import type { ClusterConfig } from "@/lib/config/schema";

// An edit that leaves a secret empty keeps the stored one, but never while moving the cluster to
// another address: the kept secret would be sent to a host the admin who typed it never chose.
const kafka: ClusterConfig = { id: "k", name: "K", kind: "kafka", brokers: ["kafka-1:9092", "kafka-2:9092"], ssl: true, sasl: { mechanism: "plain", username: "svc", password: "hunter2-secret" } };
const nats: ClusterConfig = { id: "n", name: "N", kind: "nats", servers: ["nats://nats-1:4222"], token: "nats-token-secret", user: "svc", pass: "nats-pass-secret" };
const keepSasl = { ...kafka, sasl: { mechanism: "plain" as const, username: "svc", password: "" } };

describe("kept secrets and a changed address", () => {
  it("refuses to keep the Kafka password when the brokers change, naming the field", () => {
    const edit = { ...keepSasl, brokers: ["attacker.example:9092"] };
    expect(() => keepStoredSecrets(edit, kafka)).toThrow(/^sasl\.password: the brokers changed, so give this secret again/);
    try {
      keepStoredSecrets(edit, kafka);
    } catch (error) {
      expect(error).toMatchObject({ code: "invalid-input", details: { field: "sasl.password", fields: ["sasl.password"] } });
    }
    // Adding a broker is a change too: the new one would receive the password.
    expect(() => keepStoredSecrets({ ...keepSasl, brokers: [...kafka.brokers, "extra:9092"] }, kafka)).toThrow(/sasl\.password/);
    expect(() => keepStoredSecrets({ ...keepSasl, ssl: false }, kafka)).toThrow(/TLS was turned off/);
  });

  it("accepts the new address with the secret given again", () => {
    const edit = { ...kafka, brokers: ["kafka-3:9092"], sasl: { mechanism: "plain" as const, username: "svc", password: "new-secret" } };
    expect(keepStoredSecrets(edit, kafka)).toMatchObject({ brokers: ["kafka-3:9092"], sasl: { password: "new-secret" } });
  });

  it("keeps the secret when the address is the same set (reordered, other case) or only other fields change", () => {
    const edit = { ...keepSasl, name: "Renamed", brokers: ["KAFKA-2:9092", "kafka-1:9092"] };
    expect(keepStoredSecrets(edit, kafka)).toMatchObject({ name: "Renamed", sasl: { password: "hunter2-secret" } });
    expect(keepStoredSecrets({ ...nats, name: "N2", token: "", pass: "" }, nats)).toMatchObject({ token: "nats-token-secret", pass: "nats-pass-secret" });
  });

  it("names every kept NATS secret when the servers change", () => {
    const edit = { ...nats, servers: ["nats://elsewhere:4222"], token: "", pass: "" };
    expect(() => keepStoredSecrets(edit, nats)).toThrow(/^token, pass: the servers changed, so give these secrets again/);
    // No secret kept (none left empty): the move is fine.
    expect(keepStoredSecrets({ ...edit, token: "t2-secret", pass: "p2-secret" }, nats)).toMatchObject({ servers: ["nats://elsewhere:4222"] });
    // Secrets removed (null): nothing is sent anywhere.
    expect(keepStoredSecrets({ ...edit, token: null, pass: null, user: null }, nats)).not.toHaveProperty("token");
  });

  it("tells what moved", () => {
    expect(addressChange(keepSasl, kafka)).toBeNull();
    expect(addressChange({ ...keepSasl, ssl: true }, { ...kafka, ssl: false })).toBeNull();
    expect(addressChange({ ...nats, servers: ["tls://nats-1:4222"] }, nats)).toBe("the servers changed");
  });
});
