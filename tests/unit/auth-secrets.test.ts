import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { constantTimeEqual, generateApiToken, looksLikeApiToken, sha256Hex } from "@/lib/auth/secret-tokens";
import { isSealedSecret, keyFromText, openSecret, sealSecret } from "@/lib/secrets/secret-box";
import { clusterAuthView, keepStoredSecrets, openClusterConfig, sealClusterConfig } from "@/lib/clusters/cluster-secrets";
import { sanitizeAuditValue } from "@/lib/audit/record-audit";
import { hasRole } from "@/lib/auth/roles";
import { readCookie, sessionCookie } from "@/lib/auth/cookies";

describe("passwords (scrypt)", () => {
  // scrypt by design costs CPU: several seconds when the machine is shared.
  it("verifies the right password only, with a fresh salt each time", { timeout: 60_000 }, async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await hashPassword("correct horse battery")).not.toBe(hash);
  });
  it("refuses stored values that are not its hashes, or ask for absurd cost", async () => {
    expect(await verifyPassword("x", "plaintext")).toBe(false);
    expect(await verifyPassword("x", "scrypt$1073741824$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAA")).toBe(false);
    expect(await verifyPassword("x", "")).toBe(false);
  });
});

describe("API tokens and secrets", () => {
  it("makes es_ tokens of 32 random bytes, stored as sha256", () => {
    const token = generateApiToken();
    expect(token).toMatch(/^es_[\w-]{43}$/);
    expect(looksLikeApiToken(token)).toBe(true);
    expect(looksLikeApiToken("es_short")).toBe(false);
    expect(looksLikeApiToken("Bearer whatever")).toBe(false);
    expect(generateApiToken()).not.toBe(token);
    expect(sha256Hex(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256Hex(token)).toBe(sha256Hex(token));
  });
  it("compares strings in constant time, whatever their lengths", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
  });
});

describe("AES-256-GCM secret box", () => {
  const key = randomBytes(32);
  it("round-trips, with a fresh IV each time", () => {
    const box = sealSecret("p@ss wörd", key, "cluster:a");
    expect(isSealedSecret(box)).toBe(true);
    expect(box).not.toContain("p@ss");
    expect(openSecret(box, key, "cluster:a")).toBe("p@ss wörd");
    expect(sealSecret("p@ss wörd", key, "cluster:a")).not.toBe(box);
  });
  it("refuses another key, another context, or an altered box", () => {
    const box = sealSecret("secret", key, "cluster:a");
    expect(() => openSecret(box, randomBytes(32), "cluster:a")).toThrow();
    expect(() => openSecret(box, key, "cluster:b")).toThrow();
    const [v, iv, tag, data] = box.split(".");
    const flipped = Buffer.from(data!, "base64url");
    flipped[0] ^= 1;
    expect(() => openSecret([v, iv, tag, flipped.toString("base64url")].join("."), key, "cluster:a")).toThrow();
  });
  it("reads keys as hex, base64, or a passphrase", () => {
    const raw = randomBytes(32);
    const stretch = () => Buffer.alloc(32, 7);
    expect(keyFromText(raw.toString("hex"), stretch)).toEqual(raw);
    expect(keyFromText(raw.toString("base64"), stretch)).toEqual(raw);
    expect(keyFromText(raw.toString("base64url"), stretch)).toEqual(raw);
    expect(keyFromText("a passphrase", stretch)).toEqual(Buffer.alloc(32, 7));
  });
});

describe("cluster credentials at rest", () => {
  const key = randomBytes(32);
  const kafka = { id: "k", name: "K", kind: "kafka" as const, brokers: ["a:1"], sasl: { mechanism: "plain" as const, username: "svc", password: "hunter2-secret" } };
  const nats = { id: "n", name: "N", kind: "nats" as const, servers: ["nats://x:4222"], token: "nats-token-secret" };

  it("seals passwords and tokens, keeps the rest readable, and opens them again", () => {
    for (const config of [kafka, nats]) {
      const stored = sealClusterConfig(config, () => key);
      const text = JSON.stringify(stored);
      expect(text).not.toContain("hunter2-secret");
      expect(text).not.toContain("nats-token-secret");
      expect(text).toContain(config.name);
      expect(openClusterConfig(JSON.parse(text), config.id, () => key)).toEqual(config);
      expect(() => openClusterConfig(JSON.parse(text), "other-id", () => key)).toThrow();
    }
  });
  it("does not ask for the key when there is nothing secret", () => {
    const plain = { id: "p", name: "P", kind: "kafka" as const, brokers: ["a:1"] };
    const noKey = () => {
      throw new Error("key asked for");
    };
    expect(openClusterConfig(sealClusterConfig(plain, noKey), "p", noKey)).toEqual(plain);
  });
  it("keeps a stored secret sent back empty, and refuses an empty one with nothing stored", () => {
    const edited = keepStoredSecrets({ ...kafka, name: "K2", sasl: { ...kafka.sasl, password: "" } }, kafka);
    expect(edited).toEqual({ ...kafka, name: "K2" });
    expect(keepStoredSecrets({ ...kafka, sasl: null }, kafka)).toEqual({ id: "k", name: "K", kind: "kafka", brokers: ["a:1"] });
    expect(keepStoredSecrets({ ...nats, token: "" }, nats)).toMatchObject({ token: "nats-token-secret" });
    expect(() => keepStoredSecrets({ ...nats, token: "" }, null)).toThrow(/token/);
    expect(() => keepStoredSecrets({ ...kafka, sasl: { ...kafka.sasl, password: "" } }, null)).toThrow(/sasl\.password/);
  });
  it("shows whether credentials exist, never their values", () => {
    expect(clusterAuthView(kafka)).toEqual({ ssl: false, sasl: { mechanism: "plain", username: "svc" } });
    expect(clusterAuthView(nats)).toEqual({ token: true, user: null, pass: false });
    expect(JSON.stringify([clusterAuthView(kafka), clusterAuthView(nats)])).not.toMatch(/secret/);
  });
});

describe("roles, cookies and the audit sanitizer", () => {
  it("orders roles", () => {
    expect(hasRole("admin", "operator")).toBe(true);
    expect(hasRole("operator", "operator")).toBe(true);
    expect(hasRole("viewer", "operator")).toBe(false);
  });
  it("writes an httpOnly, SameSite=Lax cookie, Secure only under HTTPS", () => {
    const plain = sessionCookie("abc", new Request("http://localhost/"));
    expect(plain).toBe("eventscope_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200");
    expect(sessionCookie("abc", new Request("https://console.example/"))).toMatch(/; Secure$/);
    expect(sessionCookie("abc", new Request("http://internal/", { headers: { "x-forwarded-proto": "https" } }))).toMatch(/; Secure$/);
    expect(readCookie(new Request("http://x/", { headers: { cookie: "a=1; eventscope_session=xyz" } }), "eventscope_session")).toBe("xyz");
  });
  it("drops credentials and payloads from audit params at any depth", () => {
    const clean = sanitizeAuditValue({
      name: "prod",
      password: "p",
      sasl: { password: "x" },
      nested: { setHeaders: { a: "1" }, value: "{\"phone\":\"555\"}", dbPassword: "y", ids: ["0-1"] },
    });
    expect(clean).toEqual({
      name: "prod",
      password: "[redacted]",
      sasl: "[redacted]",
      nested: { setHeaders: "[redacted]", value: "[redacted]", dbPassword: "[redacted]", ids: ["0-1"] },
    });
  });
});
