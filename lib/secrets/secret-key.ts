import "server-only";
import fs from "node:fs";
import path from "node:path";
import { randomBytes, scryptSync } from "node:crypto";
import { keyFromText } from "./secret-box";

// The key that encrypts credentials at rest: EVENTSCOPE_SECRET_KEY, or else a key generated once
// into .data/secret.key (EVENTSCOPE_SECRET_KEY_FILE to put it elsewhere) with mode 0600. Losing
// that file means re-entering stored credentials, so production should set the variable.
let cached: { source: string; key: Buffer } | undefined;

function stretch(passphrase: string): Buffer {
  return scryptSync(passphrase, "eventscope-secret-key-v1", 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
}

export function secretKeyFile(): string {
  const configured = process.env.EVENTSCOPE_SECRET_KEY_FILE;
  // Scoped paths keep Next's output tracing from copying the whole project into the build.
  return configured ? path.resolve(/*turbopackIgnore: true*/ configured) : path.join(process.cwd(), ".data", "secret.key");
}

function keyFromFile(): Buffer {
  const file = secretKeyFile();
  try {
    return keyFromText(fs.readFileSync(file, "utf8"), stretch);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = `${randomBytes(32).toString("base64")}\n`;
  try {
    // "wx": if another process created it first, read theirs instead of overwriting it.
    fs.writeFileSync(file, text, { mode: 0o600, flag: "wx" });
    console.warn(
      `[eventscope] EVENTSCOPE_SECRET_KEY is not set: generated a key in ${file} (mode 0600) to encrypt stored credentials. ` +
        "Back it up, or set EVENTSCOPE_SECRET_KEY: without it they cannot be decrypted.",
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return keyFromText(fs.readFileSync(file, "utf8"), stretch);
}

export function getSecretKey(): Buffer {
  const fromEnv = process.env.EVENTSCOPE_SECRET_KEY;
  const source = fromEnv ? `env:${fromEnv}` : `file:${secretKeyFile()}`;
  if (cached?.source !== source) cached = { source, key: fromEnv ? keyFromText(fromEnv, stretch) : keyFromFile() };
  return cached.key;
}
