// Where a sampling cycle allocates (issue 17): the in-thread sampler against a real broker at scale,
// in a plain process, with V8's sampling heap profiler counting every allocation (also those the
// collector has freed since), summed by function over BENCH_CYCLES cycles after a warm-up.
//   node --conditions=react-server --import tsx bench/tools/alloc-sites.ts
//   env: BENCH_KAFKA_BROKERS (127.0.0.1:19092), BENCH_WARMUP (3), BENCH_CYCLES (4)
import { Session } from "node:inspector/promises";
import { KafkaConnector } from "@/lib/brokers/kafka/kafka-connector";
import { LiveBus } from "@/lib/metrics/live-bus";
import { ClusterSampler } from "@/lib/metrics/sampler";
import { benchBrokers } from "../lib/kafka-fixture";

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

async function main() {
  const config = { id: "bench-alloc", name: "bench", kind: "kafka" as const, brokers: benchBrokers(), samplingIntervalMs: 5_000 };
  const connector = new KafkaConnector(config as never);
  const sampler = new ClusterSampler(config as never, new LiveBus(), { connector: () => connector as never, onSuccess: () => undefined, onFailure: (error) => console.error(error) });
  for (let i = 0; i < Number(process.env.BENCH_WARMUP ?? 3); i++) await sampler.sampleOnce();
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.startSampling", { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  const cycles = Number(process.env.BENCH_CYCLES ?? 4);
  for (let i = 0; i < cycles; i++) await sampler.sampleOnce();
  const { profile } = (await session.post("HeapProfiler.stopSampling")) as unknown as { profile: { head: ProfileNode } };
  const bySite = new Map<string, number>();
  let total = 0;
  const walk = (node: ProfileNode, parent = "") => {
    const url = node.callFrame.url.replace(/^.*node_modules\//, "").replace(/^.*\/work\/[^/]+\/[^/]+\//, "");
    const name = `${node.callFrame.functionName || "(anonymous)"} ${url}`;
    // Builtins (sort, set, next...) are named with their caller: which sort, which Map.
    const site = url === "" && parent ? `${name} in ${parent}` : name;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    total += node.selfSize;
    node.children.forEach((child) => walk(child, url === "" && parent ? parent : name));
  };
  walk(profile.head);
  console.log(`allocated per cycle: ${(total / cycles / 1e6).toFixed(1)} MB`);
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(bytes / cycles / 1e6).toFixed(2).padStart(7)} MB  ${site}`);
  sampler.stop();
  await connector.close?.();
  process.exit(0);
}

void main();
