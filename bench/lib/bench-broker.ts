// The server benchmark's own brokers, so that `npm run bench -- server` runs from a clean clone and
// leaves nothing behind: a Kafka on a port of its own (scripts/brokers-up.sh with KAFKA_PORT /
// KAFKA_CONTROLLER_PORT), and the dev Kafka / NATS the jobs use when they are not running yet.
// Whatever already listens on a port is used as is and never stopped; what this run started is
// stopped at the end (also on Ctrl-C or a failure), its data directory removed unless kept.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const ROOT = process.cwd();

export interface StartedKafka {
  brokers: string[];
  /** True when this run started it (and will stop it). */
  started: boolean;
}

/** Teardowns of what this process started, run once, in reverse order, synchronously (signal-safe). */
const teardowns: { what: string; run: () => void }[] = [];
let tornDown = false;

export function tearDownBrokers(): void {
  if (tornDown) return;
  tornDown = true;
  for (const { what, run } of teardowns.reverse()) {
    try {
      run();
    } catch (error) {
      console.error(`[bench] could not stop ${what}: ${String(error)}`);
    }
  }
}

let signalsHooked = false;
/** Ctrl-C / SIGTERM / an uncaught failure: stop the brokers this run started before exiting (the
 *  production server is killed by its own exit hook, bench/lib/production-server.ts). */
function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      console.error(`\n[bench] ${signal}: stopping what this run started`);
      tearDownBrokers();
      process.exit(130);
    });
  }
  process.once("exit", () => tearDownBrokers());
}

export function portOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

function script(name: string, env: Record<string, string>, args: string[] = []): number {
  const result = spawnSync("bash", [path.join(ROOT, "scripts", name), ...args], { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

/**
 * A Kafka on 127.0.0.1:`port`: the one already there, or one started now with scripts/brokers-up.sh
 * (which also starts NATS on 4222 when nothing listens there; stopped again at the end too).
 */
export async function ensureKafka(options: { port: number; controllerPort: number; heap?: string; keepData?: boolean; log: (line: string) => void }): Promise<StartedKafka> {
  const { port, controllerPort, log } = options;
  const brokers = [`127.0.0.1:${port}`];
  if (await portOpen(port)) {
    log(`kafka: using what listens on 127.0.0.1:${port} (not started by this run; left running)`);
    return { brokers, started: false };
  }
  if (await portOpen(controllerPort)) {
    throw new Error(`127.0.0.1:${controllerPort} (the Kafka controller port for ${port}) is taken by another process: set BENCH_KAFKA_CONTROLLER_PORT`);
  }
  hookSignals();
  const natsWasUp = await portOpen(4222);
  // A broker that restarts on kept data (BENCH_KEEP_BROKER_DATA) recovers 10,000 partitions first:
  // over brokers-up's default 120 s at load 30 (2026-12-07), so the wait is longer here.
  const env = {
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    KAFKA_READY_TIMEOUT: process.env.KAFKA_READY_TIMEOUT ?? "600",
    ...(options.heap ? { KAFKA_HEAP: options.heap } : {}),
  };
  log(`kafka: starting one on 127.0.0.1:${port} (controller ${controllerPort}${options.heap ? `, heap ${options.heap}` : ""}) with scripts/brokers-up.sh`);
  // Registered before the start, so a start that fails half-way is cleaned up as well.
  const dataDir = path.join(ROOT, ".data", `kafka-${port}`);
  teardowns.push({
    what: `kafka :${port}`,
    run: () => {
      script("brokers-down.sh", { KAFKA_PORT: String(port) }, ["kafka"]);
      if (!options.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
  if (!natsWasUp) teardowns.push({ what: "nats", run: () => void script("brokers-down.sh", {}, ["nats"]) });
  const status = script("brokers-up.sh", env);
  if (status !== 0) throw new Error(`scripts/brokers-up.sh could not start Kafka on 127.0.0.1:${port} (exit ${status}); its log: ${path.relative(ROOT, dataDir)}/kafka.log and server.log`);
  return { brokers, started: true };
}

/** The production build (`npm run build`) when .next/standalone/server.js is missing or BENCH_BUILD=1. */
export function ensureProductionBuild(log: (line: string) => void): void {
  if (process.env.BENCH_SERVER_DIR) return;
  const serverJs = path.join(ROOT, ".next", "standalone", "server.js");
  if (fs.existsSync(serverJs) && process.env.BENCH_BUILD !== "1") {
    log(`build: using ${path.relative(ROOT, serverJs)} of ${fs.statSync(serverJs).mtime.toISOString()} (BENCH_BUILD=1 rebuilds)`);
    return;
  }
  log("build: npm run build (the production build the benchmark measures)");
  const started = Date.now();
  const result = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
  log(`build: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
