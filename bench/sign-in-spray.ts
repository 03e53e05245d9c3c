// A sign-in spray against the production server, and what it does to everyone else (issue 11,
// item 4: at 7 attempts/s other requests went from 14 ms to 1.5 s median, each attempt costing an
// scrypt). Three phases of BENCH_SPRAY_SECONDS each, with a probe reading GET /api/v1/clusters (admin
// token) and GET /api/v1/health every 100 ms throughout:
//   baseline  no sign-ins;
//   rotating  BENCH_SPRAY_RATE wrong sign-ins/s for random usernames, each from a new source address
//             (127.0.x.y: the whole 127/8 reaches loopback), so no per-address limit ever applies and
//             only the hash gate stands between the spray and the CPU;
//   single    the same rate from one address (the per-address limit answers after 10 failures).
// Prints probe latencies and the sign-in answers; asserts nothing.
//
//   node --conditions=react-server --import tsx bench/sign-in-spray.ts
//   env: BENCH_SPRAY_SECONDS (20), BENCH_SPRAY_RATE (7)
import http from "node:http";
import os from "node:os";
import { randomUUID } from "node:crypto";
import { sleep, startConsole, type Console } from "../tests/e2e/support/stack";

const PHASE_MS = Number(process.env.BENCH_SPRAY_SECONDS ?? 20) * 1000;
const RATE = Number(process.env.BENCH_SPRAY_RATE ?? 7);
const percentile = (values: number[], p: number) => (values.length ? [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]! : NaN);

function signIn(app: Console, from: string): Promise<number> {
  const url = new URL(app.baseUrl);
  const body = JSON.stringify({ username: `spray-${randomUUID().slice(0, 8)}`, password: `wrong-${randomUUID()}` });
  return new Promise((resolve) => {
    const request = http.request(
      { host: url.hostname, port: url.port, localAddress: from, method: "POST", path: "/api/v1/auth/sign-in", agent: false, headers: { "content-type": "application/json" }, timeout: 60_000 },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", () => resolve(0));
    request.on("timeout", () => request.destroy());
    request.end(body);
  });
}

async function phase(app: Console, name: string, sprayFrom: ((i: number) => string) | null) {
  const latencies: number[] = [];
  const health: number[] = [];
  const answers = new Map<number, number>();
  const pending: Promise<void>[] = [];
  const end = Date.now() + PHASE_MS;
  const probe = (async () => {
    while (Date.now() < end) {
      const t0 = performance.now();
      await fetch(`${app.baseUrl}/api/v1/clusters`, { headers: { authorization: `Bearer ${app.adminToken}` } }).then((r) => r.arrayBuffer());
      latencies.push(performance.now() - t0);
      const t1 = performance.now();
      await fetch(`${app.baseUrl}/api/v1/health`).then((r) => r.arrayBuffer());
      health.push(performance.now() - t1);
      await sleep(100);
    }
  })();
  if (sprayFrom) {
    for (let i = 0; Date.now() < end; i++) {
      pending.push(signIn(app, sprayFrom(i)).then((status) => void answers.set(status, (answers.get(status) ?? 0) + 1)));
      await sleep(1000 / RATE);
    }
  }
  await probe;
  await Promise.all(pending);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  console.log(
    `${name.padEnd(9)} clusters median ${ms(percentile(latencies, 0.5))} p95 ${ms(percentile(latencies, 0.95))} (n=${latencies.length}); ` +
      `health median ${ms(percentile(health, 0.5))} p95 ${ms(percentile(health, 0.95))}; ` +
      `sign-ins ${sprayFrom ? JSON.stringify(Object.fromEntries([...answers].sort())) : "-"}`,
  );
}

async function main() {
  console.log(`sign-in spray: ${RATE}/s, ${PHASE_MS / 1000} s per phase; ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}, ${new Date().toISOString()}`);
  const app = await startConsole("bench-sign-in-spray");
  try {
    await sleep(3_000); // samplers connect
    await phase(app, "baseline", null);
    await phase(app, "rotating", (i) => `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`);
    await phase(app, "single", () => "127.0.0.77");
    await phase(app, "after", null);
  } finally {
    await app.stop();
  }
  console.log(`load after: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
