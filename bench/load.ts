// Load check of the production server (issue 11): 100 SSE clients on /api/v1/live and 50 mixed API
// requests per second for 2 minutes, at the small scale (the ordinary dev brokers: Kafka on
// 127.0.0.1:9092 and NATS on 4222, sampled every 5 s). Requests are started on a timer, not one
// after another, so a blocked event loop shows as slow answers on every route at once.
// Reports p50 / p99 / max per route (targets: p99 < 250 ms, /api/v1/health p99 < 50 ms), SSE events
// received, and RSS fresh, right after the load, and after a minute of idle (is anything kept?).
//
// A warm-up at the same rate comes first (BENCH_LOAD_WARMUP_SECONDS, 15 s): the first requests to a
// fresh server load and compile each route's code, and on a busy machine that start-up shows as
// seconds of queueing that would otherwise dominate the 2 minutes' p99. Its figures are printed on
// their own line ("cold start"), not dropped.
//
//   npm run bench -- load
//   env: BENCH_LOAD_SECONDS (120), BENCH_LOAD_WARMUP_SECONDS (15), BENCH_LOAD_RATE (50 req/s), BENCH_LOAD_SSE (100),
//   BENCH_LOAD_KAFKA (127.0.0.1:9092), BENCH_LOAD_NATS (nats://127.0.0.1:4222), BENCH_IDLE_SECONDS (60),
//   BENCH_SERVER_DIR (another standalone build), BENCH_CPU_PROF=<dir> (node --cpu-prof of the server),
//   BENCH_LOAD_TIMELINE=<file> (one JSON line per request: when it was sent, route, client and server ms),
//   BENCH_LOAD_MEMORY=<dir> (the server's heap after a full GC, fresh / end of load / idle, into
//   <dir>/memory.jsonl; with BENCH_LOAD_HEAP_SNAPSHOTS=1 a heap snapshot each time too).
//
// Where the time goes: the server is started with bench/tools/server-probe.cjs preloaded, which
// times each request from the server's "request" event to the response's end; the bench matches it
// to its own timing of the same request (x-bench-id), so a slow answer is split into time inside the
// server and time outside it (this process, the kernel). An independent health probe in a process of
// its own (plain node:http, one request every 100 ms) times /api/v1/health without this process's
// timers, fetch pool or 100 streams in the way.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { loadAverage, mb, median, ms, percentile, printHeader, printResult, sleep, table } from "./lib/common";
import { mainThreadSchedule, processCpuMsOf, processRss, readLoopDelay, startProductionServer, timedGet, type ProductionServer } from "./lib/production-server";

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 120);
const RATE = Number(process.env.BENCH_LOAD_RATE ?? 50);
const SSE_CLIENTS = Number(process.env.BENCH_LOAD_SSE ?? 100);
const IDLE_S = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const WARMUP_S = Number(process.env.BENCH_LOAD_WARMUP_SECONDS ?? 15);
const WINDOW_S = 10;
const KAFKA = (process.env.BENCH_LOAD_KAFKA ?? "127.0.0.1:9092").split(",");
const NATS = (process.env.BENCH_LOAD_NATS ?? "nats://127.0.0.1:4222").split(",");
const TIMELINE = process.env.BENCH_LOAD_TIMELINE;
const MEMORY_DIR = process.env.BENCH_LOAD_MEMORY ? path.resolve(process.env.BENCH_LOAD_MEMORY) : undefined;

/** Asks the server's memory probe for a line (after the RSS figure was read: it runs a full GC). */
async function probeMemory(server: ProductionServer): Promise<void> {
  if (!MEMORY_DIR) return;
  process.kill(server.pid, "SIGUSR2");
  await sleep(process.env.BENCH_LOAD_HEAP_SNAPSHOTS ? 30_000 : 2_000);
}

/** GET /api/v1/health every 100 ms from a process of its own; latencies (ms) on stop. */
const PROBE = `
const http = require("node:http");
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const [url, everyMs] = [process.argv[1], Number(process.argv[2])];
const latencies = [];
function once() {
  const started = performance.now();
  const request = http.get(url, { agent }, (response) => {
    response.resume();
    response.on("end", () => latencies.push(performance.now() - started));
  });
  request.setTimeout(60000, () => request.destroy(new Error("no answer in 60 s")));
  request.on("error", () => latencies.push(Number.POSITIVE_INFINITY));
}
const timer = setInterval(once, everyMs);
process.on("message", () => {
  clearInterval(timer);
  setTimeout(() => { process.send(latencies, () => process.exit(0)); }, 1000);
});
`;

function startHealthProbe(server: ProductionServer): { stop(): Promise<number[]> } {
  const child = spawn(process.execPath, ["-e", PROBE, `${server.baseUrl}/api/v1/health`, "100"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once("message", (latencies) => resolve(latencies as number[]));
        child.send("stop");
      }),
  };
}

interface ServerTiming {
  id: number | null;
  path: string;
  arrivedAt: number;
  ms: number;
  loopMs?: number;
  status: number;
}

function readServerTimings(file: string): Map<number, ServerTiming> {
  const byId = new Map<number, ServerTiming>();
  if (!fs.existsSync(file)) return byId;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const timing = JSON.parse(line) as ServerTiming;
    if (timing.id !== null) byId.set(timing.id, timing);
  }
  return byId;
}

/**
 * The SSE clients run in a worker thread of their own: reading 100 streams (tens of megabytes on a
 * busy cluster) on the thread that times the API requests would delay its timers and answers and
 * count the bench's own slowness as the server's.
 */
const SSE_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { url, token, clients } = workerData;
const counts = { events: 0, bytes: 0, errors: 0 };
const stop = new AbortController();
const needle = Buffer.from("event: sample");
async function client() {
  try {
    const response = await fetch(url, { headers: { Authorization: "Bearer " + token }, signal: stop.signal });
    if (!response.ok || !response.body) { counts.errors++; return; }
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      counts.bytes += value.byteLength;
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      for (let at = chunk.indexOf(needle); at >= 0; at = chunk.indexOf(needle, at + 1)) counts.events++;
    }
  } catch (error) {
    if (!stop.signal.aborted) counts.errors++;
  }
}
const running = Array.from({ length: clients }, client);
parentPort.on("message", async () => {
  stop.abort();
  await Promise.allSettled(running);
  parentPort.postMessage(counts);
});
`;

function startSseClients(server: ProductionServer, clients: number): { stop(): Promise<{ events: number; bytes: number; errors: number }> } {
  const worker = new Worker(SSE_WORKER, { eval: true, workerData: { url: `${server.baseUrl}/api/v1/live`, token: server.token, clients } });
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once("message", (counts) => {
          void worker.terminate();
          resolve(counts);
        });
        worker.postMessage("stop");
      }),
  };
}

async function pickNames(server: ProductionServer, cluster: string, kind: "topics" | "consumers"): Promise<string[]> {
  const answer = await timedGet(server, `/api/v1/clusters/${cluster}/${kind}`, 60_000);
  if (answer.status !== 200) return [];
  // {topics: [...]}, {consumers: [...]} or {items: [...]}: whichever array the body holds.
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  const items = (Object.values(body).find(Array.isArray) ?? []) as { name?: string; group?: string }[];
  return items
    .map((item) => item.name ?? item.group ?? "")
    .filter((name) => name && !name.startsWith("__"))
    .slice(0, 50);
}

async function main() {
  printHeader(`load: ${SSE_CLIENTS} SSE clients + ${RATE} API requests/s for ${SECONDS} s (Kafka ${KAFKA.join(",")}, NATS ${NATS.join(",")})`);
  const timingFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-load-timing-")), "server-requests.jsonl");
  const server = await startProductionServer({
    name: "load",
    clusters: [
      { id: "load-kafka", name: "Load Kafka", kind: "kafka", brokers: KAFKA },
      { id: "load-nats", name: "Load NATS", kind: "nats", servers: NATS },
    ],
    env: {
      BENCH_REQUEST_TIMING: timingFile,
      ...(MEMORY_DIR
        ? { BENCH_MEMORY_PROBE: path.join(MEMORY_DIR, "memory.jsonl"), ...(process.env.BENCH_LOAD_HEAP_SNAPSHOTS ? { BENCH_HEAP_SNAPSHOTS: MEMORY_DIR } : {}) }
        : {}),
    },
    nodeArgs: [
      "--require",
      path.resolve("bench/tools/server-probe.cjs"),
      ...(MEMORY_DIR ? ["--expose-gc"] : []),
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
  });
  console.log(`server pid ${server.pid}; log ${server.logFile}`);
  try {
    await sleep(12_000); // two sampling cycles
    const [topics, groups, streams, consumers] = await Promise.all([
      pickNames(server, "load-kafka", "topics"),
      pickNames(server, "load-kafka", "consumers"),
      pickNames(server, "load-nats", "topics"),
      pickNames(server, "load-nats", "consumers"),
    ]);
    const rssFresh = processRss(server.pid);
    if (MEMORY_DIR) fs.mkdirSync(MEMORY_DIR, { recursive: true });
    await probeMemory(server);
    console.log(`fresh RSS ${mb(rssFresh)}; ${topics.length} Kafka topics, ${groups.length} groups, ${streams.length} streams, ${consumers.length} JetStream consumers seen`);
    const pick = (list: string[], n: number) => (list.length ? list[n % list.length] : undefined);
    const routes: { name: string; path: (n: number) => string | undefined }[] = [
      { name: "health", path: () => "/api/v1/health" },
      { name: "clusters", path: () => "/api/v1/clusters" },
      { name: "cluster", path: () => "/api/v1/clusters/load-kafka" },
      { name: "kafka topics", path: () => "/api/v1/clusters/load-kafka/topics" },
      { name: "kafka groups", path: () => "/api/v1/clusters/load-kafka/consumers" },
      { name: "kafka topic", path: (n) => (pick(topics, n) ? `/api/v1/clusters/load-kafka/topics/${encodeURIComponent(pick(topics, n)!)}` : undefined) },
      { name: "kafka group", path: (n) => (pick(groups, n) ? `/api/v1/clusters/load-kafka/consumers/${encodeURIComponent(pick(groups, n)!)}` : undefined) },
      { name: "kafka messages", path: (n) => (pick(topics, n) ? `/api/v1/clusters/load-kafka/topics/${encodeURIComponent(pick(topics, n)!)}/messages?limit=20` : undefined) },
      { name: "cluster history", path: () => "/api/v1/clusters/load-kafka/history?window=1h" },
      { name: "nats streams", path: () => "/api/v1/clusters/load-nats/topics" },
      { name: "nats consumers", path: () => "/api/v1/clusters/load-nats/consumers" },
      { name: "nats stream", path: (n) => (pick(streams, n) ? `/api/v1/clusters/load-nats/topics/${encodeURIComponent(pick(streams, n)!)}` : undefined) },
    ];

    const sseClients = startSseClients(server, SSE_CLIENTS);
    await sleep(2_000);
    const probe = startHealthProbe(server);

    // Warm-up: the same open loop, answers kept apart.
    const cold: number[] = [];
    {
      const warmupStarted = Date.now();
      const warmupPending: Promise<void>[] = [];
      let w = 0;
      while (Date.now() - warmupStarted < WARMUP_S * 1000) {
        const urlPath = routes[w % routes.length].path(Math.floor(w / routes.length));
        w++;
        if (urlPath) warmupPending.push(timedGet(server, urlPath, 60_000).then((answer) => void cold.push(answer.ms)));
        await sleep(Math.max(0, warmupStarted + (w * 1000) / RATE - Date.now()));
      }
      await Promise.all(warmupPending);
    }

    await readLoopDelay(server); // starts a new event-loop delay window
    const latencies = new Map<string, number[]>();
    const statuses = new Map<string, Map<number, number>>();
    const pending: Promise<void>[] = [];
    const sent: { id: number; route: string; sentMs: number; ms: number; status: number }[] = [];
    const cpuBefore = processCpuMsOf(server.pid);
    const scheduleBefore = mainThreadSchedule(server.pid);
    const started = Date.now();
    // Each second: the server's CPU and its main thread's time running / waiting for a CPU.
    const ticks: { at: number; cpuMs: number; runNs: number; waitNs: number; load1: number }[] = [];
    const tick = () => ticks.push({ at: Date.now() - started, cpuMs: processCpuMsOf(server.pid), ...mainThreadSchedule(server.pid), load1: os.loadavg()[0] });
    tick();
    const ticker = setInterval(tick, 1_000);
    let n = 0;
    while (Date.now() - started < SECONDS * 1000) {
      const route = routes[n % routes.length];
      const urlPath = route.path(Math.floor(n / routes.length));
      n++;
      if (urlPath) {
        const id = n;
        const sentMs = Date.now() - started;
        pending.push(
          timedGet(server, urlPath, 60_000, { "x-bench-id": String(id) }).then((answer) => {
            sent.push({ id, route: route.name, sentMs, ms: answer.ms, status: answer.status });
            const list = latencies.get(route.name) ?? [];
            list.push(answer.ms);
            latencies.set(route.name, list);
            const byStatus = statuses.get(route.name) ?? new Map<number, number>();
            byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
            statuses.set(route.name, byStatus);
          }),
        );
      }
      // Open loop: the next request is due at n / RATE seconds, whatever the answers do.
      const due = started + (n * 1000) / RATE;
      await sleep(Math.max(0, due - Date.now()));
    }
    await Promise.all(pending);
    clearInterval(ticker);
    tick();
    const probeLatencies = await probe.stop();
    const loopDelay = await readLoopDelay(server);
    const loadCpu = ((processCpuMsOf(server.pid) - cpuBefore) / (Date.now() - started)) * 100;
    const scheduleAfter = mainThreadSchedule(server.pid);
    const mainRanS = (scheduleAfter.runNs - scheduleBefore.runNs) / 1e9;
    const mainWaitedS = (scheduleAfter.waitNs - scheduleBefore.waitNs) / 1e9;
    const rssLoaded = processRss(server.pid);
    const sse = await sseClients.stop();
    await probeMemory(server);
    const loadAtEnd = loadAverage();
    await sleep(IDLE_S * 1000);
    const rssIdle = processRss(server.pid);
    await probeMemory(server);
    await server.stop(); // writes the server's request timings
    const serverTimings = readServerTimings(timingFile);

    const rows = [...latencies].map(([name, values]) => [
      name,
      values.length,
      [...(statuses.get(name) ?? [])].map(([status, count]) => `${status}: ${count}`).join(", "),
      ms(median(values)),
      ms(percentile(values, 99)),
      ms(Math.max(...values)),
    ]);
    const all = [...latencies.values()].flat();
    rows.push(["all routes", all.length, "", ms(median(all)), ms(percentile(all, 99)), ms(Math.max(...all))]);
    console.log("\n" + table(["route", "requests", "statuses", "p50", "p99", "max"], rows));

    // The same requests split: inside the server (request event -> response end) and outside it.
    const inside: number[] = [];
    const outside: number[] = [];
    const loopSeen: number[] = [];
    let unseen = 0;
    for (const request of sent) {
      const timing = serverTimings.get(request.id);
      if (!timing) {
        unseen++;
        continue;
      }
      inside.push(timing.ms);
      outside.push(Math.max(0, request.ms - timing.ms));
      if (timing.loopMs !== undefined) loopSeen.push(timing.loopMs);
    }
    const finite = probeLatencies.filter(Number.isFinite);
    const spread = (values: number[]) => (values.length ? `${ms(median(values))} / ${ms(percentile(values, 99))} / ${ms(Math.max(...values))}` : "n/a");
    console.log(
      "\n" +
        table(
          ["where the time went (all routes)", "p50 / p99 / max"],
          [
            ["client's time (send -> body read)", spread(all)],
            ["inside the server (request event -> response end)", spread(inside)],
            ["outside the server (client's time minus the server's)", spread(outside)],
            ["event loop as a request saw it (request event -> setImmediate)", spread(loopSeen)],
            [`requests the server never saw (of ${sent.length})`, String(unseen)],
            [`independent health probe, own process, every 100 ms (${finite.length} answers, ${probeLatencies.length - finite.length} failed)`, spread(finite)],
          ],
        ),
    );
    // Every 10 s of the run: answers to the requests sent then, and what the server got from the machine.
    const windowRows: (string | number)[][] = [];
    for (let from = 0; from < SECONDS; from += WINDOW_S) {
      const inWindow = sent.filter((request) => request.sentMs >= from * 1000 && request.sentMs < (from + WINDOW_S) * 1000);
      const first = ticks.find((t) => t.at >= from * 1000);
      const last = [...ticks].reverse().find((t) => t.at <= (from + WINDOW_S) * 1000);
      if (!inWindow.length || !first || !last || last.at <= first.at) continue;
      const span = last.at - first.at;
      const insideMs = inWindow.map((request) => serverTimings.get(request.id)?.ms).filter((value): value is number => value !== undefined);
      windowRows.push([
        `${from}-${from + WINDOW_S} s`,
        inWindow.length,
        ms(median(inWindow.map((request) => request.ms))),
        ms(percentile(inWindow.map((request) => request.ms), 99)),
        ms(percentile(insideMs, 99)),
        `${(((last.cpuMs - first.cpuMs) / span) * 100).toFixed(0)} %`,
        `${(((last.runNs - first.runNs) / 1e6 / span) * 100).toFixed(0)} % / ${(((last.waitNs - first.waitNs) / 1e6 / span) * 100).toFixed(0)} %`,
        first.load1.toFixed(1),
      ]);
    }
    console.log(
      "\n" +
        table(["sent during", "requests", "p50", "p99", "p99 inside the server", "server CPU (of a core)", "main thread running / waiting for a CPU (of the time)", "load (1 min)"], windowRows),
    );
    if (MEMORY_DIR) console.log(`\nserver memory (fresh, end of load, idle), after a full GC each:\n${fs.readFileSync(path.join(MEMORY_DIR, "memory.jsonl"), "utf8")}`);
    if (TIMELINE) {
      const lines = sent
        .sort((a, b) => a.id - b.id)
        .map((request) => {
          const timing = serverTimings.get(request.id);
          return JSON.stringify({ ...request, serverMs: timing?.ms, loopMs: timing?.loopMs, arrivedMs: timing ? timing.arrivedAt - started : undefined });
        });
      fs.writeFileSync(TIMELINE, lines.join("\n") + "\n");
      console.log(`timeline: ${TIMELINE}`);
    }
    console.log(
      "\n" +
        table(
          ["what", "figure"],
          [
            [`cold start: the ${WARMUP_S} s warm-up before (${cold.length} requests) p50 / p99 / max`, spread(cold)],
            ["SSE clients / events received / errors", `${SSE_CLIENTS} / ${sse.events} / ${sse.errors} (${mb(sse.bytes)})`],
            ["server CPU under load", `${loadCpu.toFixed(0)} % of a core`],
            ["server main thread: ran / waited for a CPU while ready", `${mainRanS.toFixed(1)} s / ${mainWaitedS.toFixed(1)} s`],
            ["server event-loop delay under load p50 / p99 / max", loopDelay ? `${ms(loopDelay.p50)} / ${ms(loopDelay.p99)} / ${ms(loopDelay.max)}` : "n/a (build without the metric)"],
            ["RSS fresh / end of load / after idle", `${mb(rssFresh)} / ${mb(rssLoaded)} / ${mb(rssIdle)} (${IDLE_S} s idle)`],
            ["load average at the end of the load / now", `${loadAtEnd} | ${loadAverage()}`],
          ],
        ),
    );
    const health = latencies.get("health") ?? [];
    printResult("load", {
      requests: all.length,
      p99AllMs: Math.round(percentile(all, 99)),
      healthP99Ms: Number(percentile(health, 99).toFixed(1)),
      coldP99Ms: Math.round(percentile(cold, 99)),
      insideServerP99Ms: Math.round(percentile(inside, 99)),
      outsideServerP99Ms: Math.round(percentile(outside, 99)),
      probeHealthP50Ms: Number(median(finite).toFixed(1)),
      probeHealthP99Ms: Number(percentile(finite, 99).toFixed(1)),
      perRouteP99: Object.fromEntries([...latencies].map(([name, values]) => [name, Math.round(percentile(values, 99))])),
      loopDelayMs: loopDelay,
      sseEvents: sse.events,
      sseErrors: sse.errors,
      loadCpuPct: Math.round(loadCpu),
      mainThreadRanS: Number(mainRanS.toFixed(1)),
      mainThreadWaitedS: Number(mainWaitedS.toFixed(1)),
      rssFreshMB: Math.round(rssFresh / 2 ** 20),
      rssLoadedMB: Math.round(rssLoaded / 2 ** 20),
      rssIdleMB: Math.round(rssIdle / 2 ** 20),
      load: loadAverage(),
    });
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
