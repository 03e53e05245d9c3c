import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

/**
 * For command-line tools only (prisma.config.ts, scripts/db-migrate.ts): read .env.local and .env
 * the way Next.js does for the app, never overriding variables that are already set. Kept out of
 * the app's import graph: Next loads .env files itself, and this dynamic file access would make
 * its output tracing include the whole project.
 */
export function loadDotEnvFiles(cwd: string = process.cwd(), env: Record<string, string | undefined> = process.env): void {
  for (const file of [".env.local", ".env"]) {
    const envPath = path.resolve(cwd, file);
    if (!fs.existsSync(envPath)) continue;
    for (const [key, value] of Object.entries(parseEnv(fs.readFileSync(envPath, "utf8")))) {
      if (env[key] === undefined) env[key] = value;
    }
  }
}
