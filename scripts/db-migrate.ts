// `npm run db:migrate`: applies pending migrations to the database DATABASE_URL names (SQLite
// .data/eventscope.db by default), with the same runner the app uses at start-up (lib/db/migrate.ts).
// Useful as a release step before starting new app instances; the app would do it anyway.
// Runs under tsx with the react-server condition so that `import "server-only"` loads.
import { resolveDatabaseTarget } from "../lib/db/database-url";
import { loadDotEnvFiles } from "../lib/db/load-dotenv";
import { applyMigrations } from "../lib/db/migrate";

async function main() {
  loadDotEnvFiles();
  const target = resolveDatabaseTarget(process.env);
  const where = target.kind === "sqlite" ? target.filePath : "PostgreSQL (DATABASE_URL)";
  const result = await applyMigrations(target, { log: (message) => console.log(message) });
  console.log(`${where}: ${result.applied.length} migration(s) applied, ${result.alreadyApplied} already applied`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
