#!/usr/bin/env node
// `npm start`: `next start` on HOSTNAME and PORT, like the standalone server.js (which the Docker
// image runs) reads them. `next start` itself ignores HOSTNAME (it takes -H) and would listen on
// every interface; a console that can requeue, replay and delete in production should be reachable
// from elsewhere only when someone says so. So HOSTNAME defaults to 127.0.0.1 here: set
// HOSTNAME=0.0.0.0 (or an interface's address) to serve other machines. Extra arguments go to
// `next start` (`npm start -- --keepAliveTimeout 70000`).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

export const DEFAULT_HOSTNAME = "127.0.0.1";
export const DEFAULT_PORT = "3000";

/** The `next start` arguments for this environment, or an error naming the bad variable. */
export function startArguments(env, extra = []) {
  const host = env.HOSTNAME?.trim() || DEFAULT_HOSTNAME;
  const port = env.PORT?.trim() || DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return { error: `PORT must be a port number from 0 to 65535 (got "${env.PORT}")` };
  if (/\s/.test(host)) return { error: `HOSTNAME must be a host name or address (got "${env.HOSTNAME}")` };
  return { args: ["start", "-H", host, "-p", port, ...extra] };
}

const isMain = process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url;
if (isMain) {
  const start = startArguments(process.env, process.argv.slice(2));
  if (start.error) {
    console.error(`[eventscope] cannot start: ${start.error}`);
    process.exit(1);
  }
  // Next's own command line, in this process (no child to forward signals to).
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  process.argv = [process.argv[0], nextBin, ...start.args];
  await import(pathToFileURL(nextBin).href);
}
