// CPU time of one cycle's derivation (deriveCycle) at the server benchmark's shape, without a broker
// or a server: 1,000 topics x 10 partitions, 2,000 groups x 3 topics x 10 partitions, every commit at
// offset 1 below a log end of 3 (nothing moves: the worst case for lag seconds). process.cpuUsage
// around each cycle, cycles 6-40. Quoted in docs/benchmarks.md ("The production server at scale").
//
//   node --conditions=react-server --import tsx bench/tools/derive-cpu.ts
import type { ClusterSnapshot } from "@/lib/brokers/types";
import { deriveCycle, type CommitTracker, newCommitTracker } from "@/lib/metrics/derive-cycle";
import { createSeriesBook } from "@/lib/metrics/sampler";
import { loadAverage } from "../lib/common";

function snapshot(at: number): ClusterSnapshot {
  const topics = Array.from({ length: 1000 }, (_, t) => ({
    name: `bench-t-${String(t).padStart(5, "0")}`,
    bytes: 1000,
    partitions: Array.from({ length: 10 }, (__, partition) => ({ partition, low: 0, high: 3, messages: 3 })),
  }));
  const consumers = Array.from({ length: 2000 }, (_, g) => {
    const partitions = [0, 1, 2].flatMap((k) =>
      Array.from({ length: 10 }, (__, partition) => ({ topic: topics[(g * 3 + k) % 1000].name, partition, committed: 1, high: 3, lag: 2 })),
    );
    return { group: `bench-sg-${String(g).padStart(5, "0")}`, state: "Empty", members: 0, topics: [], lag: 60, partitions };
  });
  return { at, topics, consumers };
}

const book = createSeriesBook(5000);
const commits: CommitTracker = newCommitTracker();
const cpu: number[] = [];
for (let i = 0; i < 40; i++) {
  const next = snapshot(i * 5000);
  const before = process.cpuUsage();
  deriveCycle(book, next, commits, { intervalMs: 5000 });
  const used = process.cpuUsage(before);
  cpu.push((used.user + used.system) / 1000);
}
const sorted = cpu.slice(5).sort((a, b) => a - b);
console.log(
  `derive CPU per cycle at 10,000 partitions / 60,000 group-partitions, cycles 6-40: median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, min ${sorted[0].toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)} (first cycle ${cpu[0].toFixed(0)} ms); load ${loadAverage()}`,
);
