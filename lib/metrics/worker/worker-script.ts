import "server-only";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Where the sampler worker's bundle is. The production build ships dist/sampler-worker.cjs (made by
// every `next build`, see next.config.js; copied into .next/standalone by output tracing; the
// standalone server runs in its own folder, `next start` in the project's). Elsewhere (next dev, tests) it is bundled from the
// current sources at start, so an old bundle never runs against new code.

export const BUNDLED_WORKER = path.join("dist", "sampler-worker.cjs");

let built: Promise<string | undefined> | undefined;

/** The bundle to start the worker from; undefined when there is none (sampling stays in this thread). */
export function samplerWorkerScript(): Promise<string | undefined> {
  built ??= locate().catch((error) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function locate(): Promise<string | undefined> {
  const shipped = path.join(process.cwd(), BUNDLED_WORKER);
  if (process.env.NODE_ENV === "production") return fs.existsSync(shipped) ? shipped : undefined;
  const builder = path.join(process.cwd(), "scripts", "build-sampler-worker.mjs");
  if (!fs.existsSync(builder)) return fs.existsSync(shipped) ? shipped : undefined;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-sampler-worker-")), "sampler-worker.cjs");
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [builder, out], { cwd: process.cwd() }, (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve())),
  );
  return out;
}
