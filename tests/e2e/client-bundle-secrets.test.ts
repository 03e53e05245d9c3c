import { beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { prepareStandaloneBuild } from "./support/stack";

// What the browser downloads (.next/static) must hold no secret: not the admin token, password or
// secret key of the environment the app was built in, not the key file, not a credential from the
// config file, and no server-only code (its telltale names). Part of the e2e project, which runs
// after `next build`: scripts/test.sh builds with an admin token, password and secret key set, so
// this checks real values (EVENTSCOPE_STATIC_DIR points at another build's static folder).
const staticDir = path.resolve(process.env.EVENTSCOPE_STATIC_DIR ?? ".next/static");

beforeAll(() => {
  if (!process.env.EVENTSCOPE_STATIC_DIR) prepareStandaloneBuild(); // builds when there is no build yet
});

function files(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });
}

function configSecrets(): string[] {
  const file = path.resolve(process.env.EVENTSCOPE_CONFIG ?? "eventscope.config.json");
  if (!fs.existsSync(file)) return [];
  const found: string[] = [];
  const walk = (value: unknown, key = ""): void => {
    if (typeof value === "string" && /^(password|pass|token)$/i.test(key)) found.push(value);
    else if (value && typeof value === "object") for (const [name, item] of Object.entries(value)) walk(item, name);
  };
  walk(JSON.parse(fs.readFileSync(file, "utf8")));
  return found;
}

describe("built client files", () => {
  it("contain no secret and no server-only code", () => {
    const keyFile = path.resolve(process.env.EVENTSCOPE_SECRET_KEY_FILE ?? ".data/secret.key");
    const secrets = [
      process.env.EVENTSCOPE_ADMIN_TOKEN,
      process.env.EVENTSCOPE_ADMIN_PASSWORD,
      process.env.EVENTSCOPE_SECRET_KEY,
      fs.existsSync(keyFile) ? fs.readFileSync(keyFile, "utf8").trim() : undefined,
      ...configSecrets(),
    ].filter((value): value is string => typeof value === "string" && value.length >= 8);
    // Names only server code uses: finding one means a server module was bundled for the browser.
    const serverOnly = ["EVENTSCOPE_SECRET_KEY", "EVENTSCOPE_ADMIN_TOKEN", "sealedSecrets", "tokenHash", "passwordHash", "aes-256-gcm"];
    const all = files(staticDir);
    expect(all.length).toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const file of all) {
      const text = fs.readFileSync(file, "latin1");
      for (const secret of secrets) if (text.includes(secret)) leaks.push(`${path.relative(staticDir, file)}: a secret from the environment, key file or config`);
      for (const name of serverOnly) if (text.includes(name)) leaks.push(`${path.relative(staticDir, file)}: server-only name "${name}"`);
    }
    expect(leaks).toEqual([]);
  });
});
