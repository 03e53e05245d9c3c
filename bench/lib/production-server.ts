// Starts the production build (`node .next/standalone/server.js`, what the Dockerfile runs) for a
// server benchmark, with a config file of our own, a fresh SQLite database and an admin bearer token,
// and reads the process's RSS and CPU time from /proc. BENCH_SERVER_DIR runs another standalone
// build (e.g. a copy of a baseline build) instead of this checkout's.
import { spawn, execSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sleep } from "./common";

export interface ProductionServer {
  baseUrl: string;
  pid: number;
  token: string;
  logFile: string;
  stop(): Promise<void>;
}

const ROOT = process.cwd();

/** The standalone server.js to run; copies .next/static and public/ next to it as the Dockerfile does. */
export function standaloneServer(): string {
  const dir = process.env.BENCH_SERVER_DIR ? path.resolve(process.env.BENCH_SERVER_DIR) : path.join(ROOT, ".next", "standalone");
  const serverJs = path.join(dir, "server.js");
  if (!fs.existsSync(serverJs)) throw new Error(`${serverJs} is missing: run \`npx next build\` first (or set BENCH_SERVER_DIR)`);
  const staticSrc = path.join(ROOT, ".next", "static");
  const staticDst = path.join(dir, ".next", "static");
  if (!process.env.BENCH_SERVER_DIR && fs.existsSync(staticSrc)) {
    fs.rmSync(staticDst, { recursive: true, force: true });
    fs.cpSync(staticSrc, staticDst, { recursive: true });
  }
  return serverJs;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startProductionServer(options: {
  name: string;
  clusters: object[];
  env?: Record<string, string>;
  nodeArgs?: string[];
}): Promise<ProductionServer> {
  const serverJs = standaloneServer();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `eventscope-bench-${options.name}-`));
  const configFile = path.join(workDir, "eventscope.config.json");
  fs.writeFileSync(configFile, JSON.stringify({ clusters: options.clusters }, null, 2));
  const port = await freePort();
  const token = `bench-${randomBytes(24).toString("hex")}`;
  const logFile = path.join(workDir, "server.log");
  const out = fs.openSync(logFile, "w");
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["VERCEL", "EVENTSCOPE_SERVERLESS", "EVENTSCOPE_SAMPLER", "NEXT_RUNTIME", "__NEXT_PRIVATE_ORIGIN", "NODE_OPTIONS"]) delete env[key];
  Object.assign(env, {
    NODE_ENV: "production",
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    NEXT_TELEMETRY_DISABLED: "1",
    EVENTSCOPE_CONFIG: configFile,
    DATABASE_URL: `file:${path.join(workDir, "eventscope.db")}`,
    EVENTSCOPE_ADMIN_TOKEN: token,
    EVENTSCOPE_ADMIN_PASSWORD: `bench-${randomBytes(12).toString("hex")}`,
    EVENTSCOPE_SECRET_KEY: randomBytes(32).toString("hex"),
    EVENTSCOPE_SECRET_KEY_FILE: path.join(workDir, "secret.key"),
    ...options.env,
  });
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), serverJs], {
    cwd: path.dirname(serverJs),
    env,
    detached: true,
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  let exited = false;
  child.once("exit", () => (exited = true));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited && child.pid) {
      const gone = new Promise((resolve) => child.once("exit", resolve));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([gone, sleep(10_000)]);
      if (!exited) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // gone meanwhile
        }
      }
    }
    if (!process.env.BENCH_KEEP) fs.rmSync(workDir, { recursive: true, force: true });
  };
  // If this process dies, do not leave the server running.
  process.once("exit", () => {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`the server exited at start; log:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(3_000) });
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error("the server did not answer /api/v1/health within 120 s");
    }
    await sleep(250);
  }
  return { baseUrl, pid: child.pid!, token, logFile, stop };
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execSync("getconf CLK_TCK", { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** RSS of a process, bytes (VmRSS). */
export function processRss(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb ?? 0) * 1024;
}

/** CPU time (user + system) a process has used so far, ms, from /proc/<pid>/stat. */
export function processCpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * The scheduler's account of a process's main thread (/proc/<pid>/task/<pid>/schedstat): time it ran
 * on a CPU and time it was ready to run but waited for one (ns). Waiting far longer than running
 * means the machine, not the process, sets the pace.
 */
export function mainThreadSchedule(pid: number): { runNs: number; waitNs: number } {
  try {
    const [run, wait] = fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").trim().split(/\s+/).map(Number);
    return { runNs: run ?? 0, waitNs: wait ?? 0 };
  } catch {
    return { runNs: 0, waitNs: 0 };
  }
}

/** A Prometheus gauge's value from /api/metrics text, if present. */
export function gauge(text: string, name: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : undefined;
}

/**
 * The server's event-loop delay since the previous /api/metrics read (ms), where the build exports it
 * (eventscope_event_loop_delay_seconds); undefined on builds without it.
 */
export async function readLoopDelay(server: Pick<ProductionServer, "baseUrl" | "token">): Promise<{ p50: number; p99: number; max: number } | undefined> {
  const answer = await timedGet(server, "/api/metrics", 120_000);
  const quantile = (q: string) => {
    const match = new RegExp(`^eventscope_event_loop_delay_seconds\\{quantile="${q.replace(".", "\\.")}"\\} (\\S+)$`, "m").exec(answer.text);
    return match ? Number(match[1]) * 1000 : undefined;
  };
  const [p50, p99, max] = [quantile("0.5"), quantile("0.99"), quantile("1")];
  return p50 === undefined || p99 === undefined || max === undefined ? undefined : { p50, p99, max };
}

/**
 * GET with the bench token; resolves to the status, the time taken and the body text, or status 0
 * after `timeoutMs` whatever happened. The deadline is a timer of our own, not AbortSignal.timeout():
 * that signal's timer does not fire once the signal has been garbage-collected, and a load run
 * (2026-12-07) hung for good on a request that never settled.
 */
export async function timedGet(
  server: Pick<ProductionServer, "baseUrl" | "token">,
  urlPath: string,
  timeoutMs = 30_000,
  headers: Record<string, string> = {},
): Promise<{ status: number; ms: number; text: string }> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ status: number; ms: number; text: string }>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`no answer within ${timeoutMs} ms`));
      resolve({ status: 0, ms: performance.now() - started, text: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
  });
  const request = (async () => {
    try {
      const response = await fetch(`${server.baseUrl}${urlPath}`, { headers: { ...headers, Authorization: `Bearer ${server.token}` }, signal: controller.signal });
      const text = await response.text();
      return { status: response.status, ms: performance.now() - started, text };
    } catch (error) {
      return { status: 0, ms: performance.now() - started, text: String(error) };
    }
  })();
  try {
    return await Promise.race([request, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
