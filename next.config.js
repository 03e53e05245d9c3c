/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  // Broker and database clients stay as plain Node requires on the server.
  serverExternalPackages: ["kafkajs", "better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg"],
  poweredByHeader: false,
  // Migrations are applied by the server at start-up (lib/db/migrate.ts), so they ship with it.
  outputFileTracingIncludes: {
    "/**": ["./prisma/migrations/**/*", "./prisma/postgres/migrations/**/*"],
  },
};
module.exports = nextConfig;
