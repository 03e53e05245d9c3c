// Benchmark (c): the consumer-group list's first page at 10,000 groups, against a real Kafka.
// Setup: 10,000 groups `bench-list-g-NNNNN` with a committed offset on the one-partition topic
// `bench-list` (besides whatever else the broker holds, e.g. the sampling benchmark's 1,000 groups).
// Measured, as app/api/v1/clusters/[cluster]/consumers/route.ts serves a page:
//   1. broker path (no fresh sampler snapshot): listConsumerNames() + pageOfNames + listConsumers(page)
//   2. snapshot path: the sampler's freshSnapshot() from memory + pageOfNames
//   and, for context, what one full sampling cycle costs at this many groups.
// Target: first page in under 1 s.
import { pageOfNames } from "@/lib/api/paginate";
import { KafkaConnector } from "@/lib/brokers/kafka/kafka-connector";
import { consumerView } from "@/lib/clusters/cluster-views";
import { LiveBus } from "@/lib/metrics/live-bus";
import { ClusterSampler } from "@/lib/metrics/sampler";
import { countKafkaRequests, gcNow, int, loadAverage, mb, median, ms, percentile, printHeader, printResult, sleep, table } from "./lib/common";
import { KafkaFixture, LIST_TOPIC, benchBrokers, listGroup, localKafkaVersion } from "./lib/kafka-fixture";

const GROUPS = Number(process.env.BENCH_LIST_GROUPS ?? 10_000);
const RUNS = Number(process.env.BENCH_CYCLES ?? 10);
const PAGE = 100;
const SAMPLER_CYCLES = Number(process.env.BENCH_LIST_SAMPLER_CYCLES ?? 3);

async function main() {
  const brokers = benchBrokers();
  const kafkaVersion = localKafkaVersion(brokers);
  printHeader(`consumer-group list at ${int(GROUPS)} groups (${brokers.join(",")}, Kafka ${kafkaVersion})`);
  const counter = countKafkaRequests();

  const fixture = new KafkaFixture(brokers);
  await fixture.connect();
  await fixture.ensureListTopic();
  const setup = await fixture.ensureGroups(
    Array.from({ length: GROUPS }, (_, index) => ({ groupId: listGroup(index), topic: LIST_TOPIC, partitions: [0], offset: 1 })),
    (line) => console.log(line),
  );
  if (setup.created > 0) console.log(`setup: committed offsets for ${int(setup.created)} groups in ${setup.seconds.toFixed(1)} s`);
  await fixture.close();
  gcNow();
  await sleep(2_000);

  const config = { id: "bench-list", name: "bench", kind: "kafka" as const, brokers };
  const connector = new KafkaConnector(config);

  // 1. Broker path, as the route does it when no fresh snapshot exists.
  const firstPage = async () => {
    const names = await connector.listConsumerNames();
    const page = pageOfNames(names, { limit: PAGE });
    const consumers = await connector.listConsumers(page.items);
    return { names, page, body: consumers.map((consumer) => consumerView(consumer)) };
  };
  counter.reset();
  counter.active = true;
  let started = performance.now();
  const cold = await firstPage();
  const coldMs = performance.now() - started;
  counter.active = false;
  const coldRequests = counter.counts();
  console.log(`cold (connect + first page): ${ms(coldMs)}; ${int(cold.names.length)} groups listed; requests ${JSON.stringify(coldRequests)}`);

  const brokerMs: number[] = [];
  const listMs: number[] = [];
  let requests: Record<string, number> = {};
  let nextCursor: string | undefined;
  for (let run = 0; run < RUNS; run++) {
    await sleep(300);
    counter.reset();
    counter.active = true;
    started = performance.now();
    const names = await connector.listConsumerNames();
    const listed = performance.now();
    const page = pageOfNames(names, { limit: PAGE });
    const consumers = await connector.listConsumers(page.items);
    consumers.map((consumer) => consumerView(consumer));
    brokerMs.push(performance.now() - started);
    listMs.push(listed - started);
    counter.active = false;
    requests = counter.counts();
    nextCursor = page.next;
  }
  // Second page, through the cursor.
  started = performance.now();
  const names = await connector.listConsumerNames();
  const second = pageOfNames(names, { limit: PAGE, cursor: nextCursor });
  await connector.listConsumers(second.items);
  const secondPageMs = performance.now() - started;
  console.log(`broker path, ${RUNS} runs: ${brokerMs.map((value) => value.toFixed(0)).join(", ")} ms; requests per page ${JSON.stringify(requests)}`);
  console.log(`second page via cursor (${second.items[0]} ..): ${ms(secondPageMs)}`);

  // 2. Snapshot path: a sampler's cycle at this scale, then pages served from its snapshot.
  const sampler = new ClusterSampler(config, new LiveBus(), {
    connector: () => connector,
    onSuccess: () => undefined,
    onFailure: (error) => console.error("sampler cycle failed:", error),
  });
  const samplerMs: number[] = [];
  let samplerRequests: Record<string, number> = {};
  for (let cycle = 0; cycle < SAMPLER_CYCLES; cycle++) {
    counter.reset();
    counter.active = true;
    started = performance.now();
    await sampler.sampleOnce();
    samplerMs.push(performance.now() - started);
    counter.active = false;
    samplerRequests = counter.counts();
  }
  console.log(
    `full sampling cycle at ${int(sampler.latestSnapshot?.consumers.length ?? 0)} groups: ${samplerMs.map((value) => value.toFixed(0)).join(", ")} ms; requests ${JSON.stringify(samplerRequests)}`,
  );
  const age = Date.now() - (sampler.latestSnapshot?.at ?? 0);
  const fresh = sampler.freshSnapshot() !== undefined;
  console.log(
    `snapshot age right after the cycle: ${(age / 1000).toFixed(1)} s -> ${fresh ? "fresh" : `NOT fresh (freshSnapshot() wants < ${(sampler.intervalMs * 3) / 1000} s): the route would fall back to the broker path`}`,
  );
  const memoryMs: number[] = [];
  let memoryTotal = 0;
  for (let run = 0; run < RUNS; run++) {
    started = performance.now();
    // The route calls freshSnapshot(); measured on latestSnapshot so the figure exists even when stale.
    const snapshot = sampler.freshSnapshot() ?? sampler.latestSnapshot;
    if (!snapshot) throw new Error("the sampler has no snapshot (its cycles failed)");
    const byName = new Map(snapshot.consumers.map((consumer) => [consumer.group, consumer]));
    const sorted = [...byName.keys()].sort((a, b) => a.localeCompare(b));
    const page = pageOfNames(sorted, { limit: PAGE });
    const body = JSON.stringify(page.items.map((name) => consumerView(byName.get(name)!, sampler.latest)));
    memoryMs.push(performance.now() - started);
    memoryTotal = page.total + 0 * body.length;
  }
  console.log(`snapshot path, ${RUNS} runs: ${memoryMs.map((value) => value.toFixed(1)).join(", ")} ms (${int(memoryTotal)} groups)`);
  await connector.close();
  const rss = process.memoryUsage().rss;

  const total = cold.names.length;
  console.log(
    "\n" +
      table(
        ["path", "groups", "median", "p95", "requests / page", "load avg 1/5/15", "target"],
        [
          ["broker: connect + first page (cold)", int(total), ms(coldMs), "-", int(Object.values(coldRequests).reduce((a, b) => a + b, 0)), loadAverage(), "< 1 s"],
          ["broker: listConsumerNames + page + listConsumers(100)", int(total), ms(median(brokerMs)), ms(percentile(brokerMs, 95)), int(Object.values(requests).reduce((a, b) => a + b, 0)), loadAverage(), "< 1 s"],
          ["  of which listConsumerNames (ListGroups)", int(total), ms(median(listMs)), ms(percentile(listMs, 95)), "", "", ""],
          [`snapshot: freshSnapshot + sort + page (memory)${fresh ? "" : " [stale!]"}`, int(memoryTotal), ms(median(memoryMs)), ms(percentile(memoryMs, 95)), "0", loadAverage(), "< 1 s"],
          ["(context) full sampling cycle feeding the snapshot", int(sampler.latestSnapshot?.consumers.length ?? 0), ms(median(samplerMs)), ms(Math.max(...samplerMs)), int(Object.values(samplerRequests).reduce((a, b) => a + b, 0)), "", "(< 1 s at 1k groups)"],
        ],
      ),
  );
  console.log(`\nprocess RSS at the end: ${mb(rss)}`);
  printResult("group-list", { kafkaVersion, groups: total, setup, coldMs, coldRequests, brokerMs, listMs, requests, secondPageMs, samplerMs, samplerRequests, snapshotAgeMs: age, fresh, memoryMs, rss });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
