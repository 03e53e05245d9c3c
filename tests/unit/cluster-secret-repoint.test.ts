import { describe, expect, it } from "vitest";
import { addressChange, clusterInputSchema, keepStoredSecrets } from "@/lib/clusters/cluster-secrets";
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

describe("RabbitMQ and Redis Streams clusters from the Settings form", () => {
  const rabbit = { id: "r", name: "R", kind: "rabbitmq" as const, url: "amqp://rabbit-1:5672", managementUrl: "http://rabbit-1:15672", user: "ops", pass: "rabbit-secret" };

  it("keeps the RabbitMQ password on a rename, refuses to send it to another AMQP or management host", () => {
    expect(keepStoredSecrets({ ...rabbit, name: "R2", pass: "" }, rabbit)).toMatchObject({ name: "R2", pass: "rabbit-secret" });
    expect(() => keepStoredSecrets({ ...rabbit, url: "amqp://evil:5672", pass: "" }, rabbit)).toThrow(/^pass: the url changed/);
    expect(() => keepStoredSecrets({ ...rabbit, managementUrl: "http://evil:15672", pass: "" }, rabbit)).toThrow(/^pass: the managementUrl changed/);
    expect(keepStoredSecrets({ ...rabbit, managementUrl: "http://evil:15672", pass: "typed-again" }, rabbit)).toMatchObject({ pass: "typed-again" });
  });

  it("refuses a password inside the URL (it would not be sealed), for both kinds", () => {
    const parse = (input: unknown) => clusterInputSchema.safeParse(input);
    expect(parse({ ...rabbit, url: "amqp://ops:hunter2@rabbit-1:5672" }).error?.issues[0]).toMatchObject({ path: ["url"], message: expect.stringMatching(/password in its own field/) });
    expect(parse({ ...rabbit, managementUrl: "http://ops:hunter2@rabbit-1:15672" }).error?.issues[0]).toMatchObject({ path: ["managementUrl"] });
    expect(parse({ ...rabbit, url: "amqp://ops@rabbit-1:5672" }).success).toBe(true);
    expect(parse({ id: "s", name: "S", kind: "redis-streams", url: "redis://:pw@127.0.0.1:6379" }).error?.issues[0]).toMatchObject({ path: ["url"] });
    expect(parse({ id: "s", name: "S", kind: "redis-streams", url: "redis://127.0.0.1:6379", password: "pw", pattern: "orders*" }).success).toBe(true);
  });
});
