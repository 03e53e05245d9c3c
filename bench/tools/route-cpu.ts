// CPU the production server spends per request, route by route, with nothing else asking: the
// figure that decides whether 50 requests/s fit in the share of a core a loaded machine gives the
// server. Requests go one at a time; the server's CPU (user + system, /proc/<pid>/stat) over each
// route's batch, less what it spends idle (the samplers) over the same time, divided by the count.
//
//   node --conditions=react-server --import tsx bench/tools/route-cpu.ts
//   env: ROUTE_CPU_REQUESTS (200 per route), ROUTE_CPU_ONLY (route names, comma-separated), BENCH_SERVER_DIR (another standalone build),
//        BENCH_CPU_PROF=<dir> (node --cpu-prof of the server)
import { loadAverage, median, ms, percentile, printHeader, sleep, table } from "../lib/common";
import { mainThreadSchedule, processCpuMsOf, startProductionServer, timedGet } from "../lib/production-server";

const REQUESTS = Number(process.env.ROUTE_CPU_REQUESTS ?? 200);
const ONLY = process.env.ROUTE_CPU_ONLY?.split(",").map((name) => name.trim());

async function main() {
  printHeader(`route CPU: ${REQUESTS} sequential requests per route (Kafka 127.0.0.1:9092, NATS 4222)`);
  const server = await startProductionServer({
    name: "route-cpu",
    clusters: [
      { id: "load-kafka", name: "Load Kafka", kind: "kafka", brokers: ["127.0.0.1:9092"] },
      { id: "load-nats", name: "Load NATS", kind: "nats", servers: ["nats://127.0.0.1:4222"] },
    ],
    nodeArgs: process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
  });
  try {
    await sleep(12_000);
    const topics = JSON.parse((await timedGet(server, "/api/v1/clusters/load-kafka/topics")).text).topics as { name: string }[];
    const topic = topics.map((t) => t.name).find((name) => !name.startsWith("__")) ?? "missing";
    const idleStart = processCpuMsOf(server.pid);
    await sleep(10_000);
    const idleCpuPerMs = (processCpuMsOf(server.pid) - idleStart) / 10_000;
    const routes: [string, string][] = [
      ["health", "/api/v1/health"],
      ["clusters", "/api/v1/clusters"],
      ["cluster", "/api/v1/clusters/load-kafka"],
      ["kafka topics", "/api/v1/clusters/load-kafka/topics"],
      ["kafka groups", "/api/v1/clusters/load-kafka/consumers"],
      ["kafka topic", `/api/v1/clusters/load-kafka/topics/${encodeURIComponent(topic)}`],
      ["kafka messages", `/api/v1/clusters/load-kafka/topics/${encodeURIComponent(topic)}/messages?limit=20`],
      ["cluster history", "/api/v1/clusters/load-kafka/history?window=1h"],
      ["nats streams", "/api/v1/clusters/load-nats/topics"],
      ["nats consumers", "/api/v1/clusters/load-nats/consumers"],
    ];
    const rows: (string | number)[][] = [];
    for (const [name, path] of routes.filter(([name]) => !ONLY || ONLY.includes(name))) {
      for (let i = 0; i < 10; i++) await timedGet(server, path); // warm
      const cpuBefore = processCpuMsOf(server.pid);
      const scheduleBefore = mainThreadSchedule(server.pid);
      const started = Date.now();
      const wall: number[] = [];
      let bytes = 0;
      for (let i = 0; i < REQUESTS; i++) {
        const answer = await timedGet(server, path);
        wall.push(answer.ms);
        bytes = answer.text.length;
      }
      const elapsed = Date.now() - started;
      const cpu = processCpuMsOf(server.pid) - cpuBefore - idleCpuPerMs * elapsed;
      const schedule = mainThreadSchedule(server.pid);
      rows.push([
        name,
        `${(cpu / REQUESTS).toFixed(2)} ms`,
        `${((schedule.runNs - scheduleBefore.runNs) / 1e6 / REQUESTS).toFixed(2)} ms`,
        ms(median(wall)),
        ms(percentile(wall, 99)),
        bytes,
      ]);
    }
    console.log(table(["route", "server CPU per request (all threads, less idle)", "main thread CPU per request", "wall p50", "wall p99", "body bytes"], rows));
    console.log(`\nidle CPU (samplers): ${(idleCpuPerMs * 100).toFixed(1)} % of a core; load average now ${loadAverage()}`);
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
