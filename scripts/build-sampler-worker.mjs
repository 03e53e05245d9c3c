#!/usr/bin/env node
// Bundles the sampler worker (lib/metrics/worker/sampler-worker.ts) into one CommonJS file that a
// worker_thread can load without TypeScript, path aliases or Next.js: every `next build` writes
// dist/sampler-worker.cjs first (next.config.js), and output tracing copies it into
// .next/standalone (outputFileTracingIncludes). In development and tests the server
// runs this script itself into a temporary file (lib/metrics/worker/worker-script.ts), so the worker
// is always built from the current sources. Broker clients are bundled in: the file resolves nothing
// at run time but Node's own modules.
//   node scripts/build-sampler-worker.mjs [out-file]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.resolve(process.argv[2] ?? path.join(root, "dist", "sampler-worker.cjs"));

await build({
  absWorkingDir: root,
  entryPoints: [path.join(root, "lib/metrics/worker/sampler-worker.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // "server-only" resolves to its empty react-server entry, as in Next.js's server bundles.
  conditions: ["react-server"],
  tsconfig: path.join(root, "tsconfig.json"),
  logLevel: "warning",
  legalComments: "none",
});
