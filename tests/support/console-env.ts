import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TEST_ADMIN_TOKEN } from "./auth";

// The environment an integration test needs before it imports any route: a fresh temp dir holding
// the SQLite database, the secret key and the configuration file, with the bootstrap admin token set
// (tests/support/auth.ts calls as that admin). Call it at module top level, before the routes are
// imported, since the console reads these variables when its modules load.
export function useTempConsoleEnv(prefix: string, config: Record<string, unknown>): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
  process.env.EVENTSCOPE_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
  process.env.EVENTSCOPE_SECRET_KEY_FILE = path.join(dir, "secret.key");
  process.env.EVENTSCOPE_CONFIG = path.join(dir, "eventscope.config.json");
  fs.writeFileSync(process.env.EVENTSCOPE_CONFIG, JSON.stringify(config));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
