// Shared helpers for the benchmarks: statistics, tables, machine facts, and a count of every Kafka
// request any kafkajs client in this process sends (by API name).
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

export const median = (values: number[]) => percentile(values, 50);

/** Nearest-rank percentile (p95 of 10 values is the 10th, i.e. the maximum). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const ms = (value: number) => (Number.isFinite(value) ? `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ms` : "n/a");
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const int = (value: number) => value.toLocaleString("en-US");

export function table(headers: string[], rows: (string | number)[][]): string {
  const lines = [`| ${headers.join(" | ")} |`, `| ${headers.map(() => "---").join(" | ")} |`];
  for (const row of rows) lines.push(`| ${row.map(String).join(" | ")} |`);
  return lines.join("\n");
}

export function gcNow(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ");
}

export function machine(): Record<string, string> {
  const sh = (command: string) => {
    try {
      return execSync(command, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return "?";
    }
  };
  return {
    cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "?"}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    kernel: sh("uname -r"),
    node: process.version,
    loadavg: loadAverage(),
  };
}

export function printHeader(title: string): void {
  console.log(`\n## ${title}\n`);
  const m = machine();
  console.log(`machine: ${m.cpus}, ${m.memory}, kernel ${m.kernel}, node ${m.node}; load average (1/5/15 min) ${m.loadavg}`);
  console.log(`started: ${new Date().toISOString()}\n`);
}

/** Prints one machine-readable line at the end of a benchmark, for docs and comparisons. */
export function printResult(name: string, result: unknown): void {
  console.log(`\nRESULT ${name} ${JSON.stringify(result)}`);
}

// ------------------------------------------------------------------ request counting
// kafkajs has instrumentation events only on clients it builds with an emitter; the connector's
// internal Cluster (lib/brokers/kafka/internal-cluster.ts) has none. Every request of every client
// goes through Connection.prototype.send, so counting there sees them all, by Kafka API name.

export class RequestCounter {
  readonly byApi = new Map<string, { count: number; first: number; last: number }>();
  active = false;

  get total(): number {
    let sum = 0;
    for (const entry of this.byApi.values()) sum += entry.count;
    return sum;
  }

  reset(): void {
    this.byApi.clear();
  }

  /** Requests per Kafka API, most frequent first. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.byApi].sort((a, b) => b[1].count - a[1].count).map(([api, entry]) => [api, entry.count]));
  }

  /** Per API, ms from the first request's start to the last response's end in this window. */
  spans(): Record<string, number> {
    return Object.fromEntries([...this.byApi].map(([api, entry]) => [api, Math.round(entry.last - entry.first)]));
  }

  note(api: string, start: number, end: number): void {
    const entry = this.byApi.get(api);
    if (!entry) this.byApi.set(api, { count: 1, first: start, last: end });
    else {
      entry.count++;
      entry.first = Math.min(entry.first, start);
      entry.last = Math.max(entry.last, end);
    }
  }
}

let installed: RequestCounter | undefined;

export function countKafkaRequests(): RequestCounter {
  if (installed) return installed;
  const counter = new RequestCounter();
  const require = createRequire(path.join(process.cwd(), "package.json"));
  // Same module instance the connector's kafkajs uses (kafkajs has no "exports" map).
  const Connection = require("kafkajs/src/network/connection") as { prototype: { send: (arg: { request: { apiName: string } }) => Promise<unknown> } };
  const original = Connection.prototype.send;
  Connection.prototype.send = function (this: unknown, arg: { request: { apiName: string } }) {
    if (!counter.active) return original.call(this, arg);
    const start = performance.now();
    const api = arg.request.apiName;
    const settle = () => counter.note(api, start, performance.now());
    const pending = original.call(this, arg);
    pending.then(settle, settle);
    return pending;
  };
  installed = counter;
  return counter;
}

export const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

/** RSS of the Kafka JVM brokers-up started on this port (from .data/pids), if readable. */
export function kafkaJvmRss(brokers: string[]): number | undefined {
  const port = /:(\d+)$/.exec(brokers[0] ?? "")?.[1];
  try {
    const pid = readFileSync(`.data/pids/kafka-${port}.pid`, "utf8").trim();
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, ms) the Kafka JVM brokers-up started on this port has used so far. */
export function kafkaJvmCpuMs(brokers: string[]): number | undefined {
  const port = /:(\d+)$/.exec(brokers[0] ?? "")?.[1];
  try {
    const pid = readFileSync(`.data/pids/kafka-${port}.pid`, "utf8").trim();
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the ") " that ends field 2.
    const ticks = Number(fields[11]) + Number(fields[12]);
    const hz = Number(execSync("getconf CLK_TCK", { encoding: "utf8" }).trim()) || 100;
    return (ticks * 1000) / hz;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, ms) of this Node process so far. */
export function processCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
