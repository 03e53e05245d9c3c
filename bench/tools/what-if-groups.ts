// Experiment, not a benchmark of shipped code: how much of a sampling cycle's group phase is the
// per-group FindCoordinator traffic, and how much the full-metadata refreshes cost. Compares, on the
// groups `bench-g-*` (run `npm run bench -- sampling` first):
//   A. what lib/brokers/kafka/kafka-groups.ts does today: admin.describeGroups(ids) in parallel with
//      admin.fetchOffsets per group (32 in flight). kafkajs sends a FindCoordinator before every
//      DescribeGroups batch entry and before every OffsetFetch: 3 requests per group per cycle.
//   B. the same requests sent straight to a cached coordinator (resolved once, reused every cycle):
//      one DescribeGroups for all groups + one OffsetFetch per group (32 in flight).
//   C. as B with 128 OffsetFetch in flight.
//   and, for topic metadata: admin.fetchTopicMetadata() + admin.listGroups() (3 full Metadata
//   requests: the admin's metadataMaxAge is 0) against one Metadata refresh on the internal cluster.
// Usage: node --conditions=react-server --import tsx bench/tools/what-if-groups.ts
import { Kafka, logLevel } from "kafkajs";
import { mapWithConcurrency } from "@/lib/brokers/errors";
import { createInternalCluster } from "@/lib/brokers/kafka/internal-cluster";
import { countKafkaRequests, loadAverage, median, ms, percentile, sleep, table } from "../lib/common";
import { GROUP_PREFIX, benchBrokers } from "../lib/kafka-fixture";

interface CoordinatorBroker {
  describeGroups(args: { groupIds: string[] }): Promise<{ groups: unknown[] }>;
  offsetFetch(args: { groupId: string; topics: unknown[] }): Promise<{ responses: unknown[] }>;
  listGroups(): Promise<{ groups: { groupId: string }[] }>;
}

const RUNS = Number(process.env.BENCH_CYCLES ?? 10);

async function main() {
  const brokers = benchBrokers();
  const kafka = new Kafka({ clientId: "eventscope-what-if", brokers, logLevel: logLevel.NOTHING, requestTimeout: 30_000 });
  const admin = kafka.admin();
  const cluster = createInternalCluster(kafka) as ReturnType<typeof createInternalCluster> & {
    findGroupCoordinator(args: { groupId: string }): Promise<CoordinatorBroker>;
    refreshMetadata(): Promise<void>;
    brokerPool: { metadata: { topicMetadata: unknown[] } };
  };
  await Promise.all([admin.connect(), cluster.connect()]);
  const counter = countKafkaRequests();
  const ids = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith(GROUP_PREFIX));
  console.log(`${ids.length} groups ${GROUP_PREFIX}*; load ${loadAverage()}`);

  const coordinators = new Map<string, CoordinatorBroker>();
  for (const id of ids) coordinators.set(id, await cluster.findGroupCoordinator({ groupId: id }));

  const variants: Record<string, () => Promise<unknown>> = {
    "A. today: admin.describeGroups + admin.fetchOffsets x N (32 in flight)": () =>
      Promise.all([admin.describeGroups(ids), mapWithConcurrency(ids, 32, (groupId) => admin.fetchOffsets({ groupId }))]),
    "B. cached coordinator: 1 DescribeGroups + OffsetFetch x N (32 in flight)": () =>
      Promise.all([
        coordinators.get(ids[0])!.describeGroups({ groupIds: ids }),
        mapWithConcurrency(ids, 32, (groupId) => coordinators.get(groupId)!.offsetFetch({ groupId, topics: [] })),
      ]),
    "C. cached coordinator, 128 in flight": () =>
      Promise.all([
        coordinators.get(ids[0])!.describeGroups({ groupIds: ids }),
        mapWithConcurrency(ids, 128, (groupId) => coordinators.get(groupId)!.offsetFetch({ groupId, topics: [] })),
      ]),
    "M1. today: admin.fetchTopicMetadata() + admin.listGroups()": () => Promise.all([admin.fetchTopicMetadata(), admin.listGroups()]),
    "M2. one internal-cluster Metadata refresh + ListGroups on each known broker": async () => {
      await cluster.refreshMetadata();
      return Promise.all([cluster.brokerPool.metadata.topicMetadata, coordinators.get(ids[0])!.listGroups()]);
    },
  };

  const rows: string[][] = [];
  for (const [name, run] of Object.entries(variants)) {
    await run(); // warm
    const times: number[] = [];
    let requests = 0;
    for (let index = 0; index < RUNS; index++) {
      await sleep(300);
      counter.reset();
      counter.active = true;
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
      counter.active = false;
      requests = counter.total;
    }
    rows.push([name, ms(median(times)), ms(percentile(times, 95)), String(requests), JSON.stringify(counter.counts())]);
    console.log(`${name}: ${times.map((value) => value.toFixed(0)).join(", ")} ms`);
  }
  console.log(`\n${table(["variant", "median", "p95", "requests", "by API"], rows)}\nload ${loadAverage()}`);
  await Promise.allSettled([admin.disconnect(), cluster.disconnect()]);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
