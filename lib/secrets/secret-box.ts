import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// AES-256-GCM for secrets at rest. The box is text: "v1.<iv>.<tag>.<ciphertext>" (base64url).
// `context` is bound as associated data (say "cluster:prod"), so a box copied onto another row
// does not decrypt there.
const VERSION = "v1";
const IV_BYTES = 12;

export function sealSecret(plaintext: string, key: Buffer, context = ""): string {
  if (key.length !== 32) throw new Error("the secret key must be 32 bytes");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** Throws when the box was sealed with another key or context, or was altered. */
export function openSecret(box: string, key: Buffer, context = ""): string {
  const [version, iv, tag, ciphertext] = box.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

export function isSealedSecret(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(`${VERSION}.`) && value.split(".").length === 4;
}

/**
 * Reads EVENTSCOPE_SECRET_KEY: 32 bytes as 64 hex characters or as base64; anything else is taken
 * as a passphrase and stretched with scrypt (slower to guess, same key every time).
 */
export function keyFromText(text: string, stretch: (passphrase: string) => Buffer): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === 32) return bytes;
  }
  return stretch(trimmed);
}
