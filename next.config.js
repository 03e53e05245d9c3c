/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  // Broker and database clients stay as plain Node requires on the server.
  serverExternalPackages: ["kafkajs", "better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg"],
  poweredByHeader: false,
  // Migrations are applied by the server at start-up (lib/db/migrate.ts), so they ship with it; so
  // does the sampler worker's bundle (scripts/build-sampler-worker.mjs, lib/metrics/worker).
  outputFileTracingIncludes: {
    "/**": ["./prisma/migrations/**/*", "./prisma/postgres/migrations/**/*", "./dist/sampler-worker.cjs"],
  },
};
// Security headers (lib/http/security-headers.ts explains them; tests/unit/security-headers.test.ts
// checks these copies agree with it). Pages get their Content-Security-Policy, with a per-request
// script nonce, from proxy.ts; API responses get a policy that allows nothing.
const SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
nextConfig.headers = async () => [
  { source: "/:path*", headers: SECURITY_HEADERS },
  { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
];

// The sampler worker (lib/metrics/worker) runs from its own bundle, made here whenever the app is
// built (npm run build, the Dockerfile, the e2e harness's `next build`) so a build never ships
// without it or with an old one. Once per build, not in each of Next's build workers.
function withSamplerWorker(phase) {
  if (phase === "phase-production-build" && !process.env.EVENTSCOPE_SAMPLER_WORKER_BUILT) {
    require("node:child_process").execFileSync(process.execPath, [require("node:path").join(__dirname, "scripts", "build-sampler-worker.mjs")], { stdio: "inherit" });
    process.env.EVENTSCOPE_SAMPLER_WORKER_BUILT = "1";
  }
  return nextConfig;
}
// The settings stay readable as properties too (tests/unit/security-headers.test.ts reads headers).
module.exports = Object.assign(withSamplerWorker, nextConfig);
