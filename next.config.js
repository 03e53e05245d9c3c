/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  // Broker and database clients stay as plain Node requires on the server.
  serverExternalPackages: ["kafkajs", "better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg"],
  poweredByHeader: false,
};
module.exports = nextConfig;
