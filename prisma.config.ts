// Prisma CLI configuration (Prisma 6.19 with the JavaScript schema engine, which works offline).
// It follows DATABASE_URL exactly like the app does (lib/db/database-url.ts): SQLite schema and
// migrations by default or for file: URLs, the generated PostgreSQL ones for postgres(ql):// URLs.
// So `npx prisma migrate status`, `migrate deploy` or `studio` act on the database the app uses.
// Generating clients and creating migrations go through scripts/prisma-db.mjs (npm run db:*).
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveDatabaseTarget } from "./lib/db/database-url";
import { loadDotEnvFiles } from "./lib/db/load-dotenv";
import { prismaCliPgAdapter, prismaCliSqliteAdapter } from "./prisma/cli-adapters";

loadDotEnvFiles(); // as Next.js does for the app
const target = resolveDatabaseTarget(process.env);
// The schema's `url = env("DATABASE_URL")` must resolve even when DATABASE_URL is unset. (Prisma 6's
// CLI insists on a datasource url and then warns that the adapter is used instead: expected.)
process.env.DATABASE_URL = target.kind === "postgres" ? target.url : `file:${target.filePath}`;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: target.kind === "postgres" ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: target.kind === "postgres" ? "prisma/postgres/migrations" : "prisma/migrations" },
  async adapter() {
    if (target.kind === "postgres") return prismaCliPgAdapter(target.connectionString, target.schema);
    fs.mkdirSync(path.dirname(target.filePath), { recursive: true });
    return prismaCliSqliteAdapter(target.filePath);
  },
});
