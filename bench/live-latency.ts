// Event produced -> figure updated in the browser, at a 1 s sampling interval (PRODUCT.md target:
// under 2 s). The production server (`node .next/standalone/server.js`, built if missing) watches the
// local Kafka with samplingIntervalMs 1000; Chromium (playwright-core) shows a topic page of our own,
// which gets its samples pushed over SSE (GET /api/v1/live) into the TanStack cache. Each trial waits
// until the topic has been idle for two samples ("Produced: 0 msg/s"), produces a burst at t0, and
// stops the clock when the page's "Produced" figure shows a rate above 0: a DOM check on every
// animation frame. The same push appends the point to the throughput chart (checked: its path
// changed). Prints figures; asserts nothing.
//
//   node --expose-gc --conditions=react-server --import tsx bench/live-latency.ts
//   env: BENCH_LATENCY_TRIALS (default 15); Kafka from TEST_KAFKA_BROKERS (default 127.0.0.1:9092):
//   one topic of 1 partition, deleted afterwards.
import os from "node:os";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import { KAFKA_BROKERS, launchBrowser, signIn, sleep, startConsole, waitForPage } from "../tests/e2e/support/stack";

const TRIALS = Number(process.env.BENCH_LATENCY_TRIALS ?? 15);
const TOPIC = `bench-latency-${randomUUID().slice(0, 8)}`;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

async function main() {
  const kafka = new Kafka({ clientId: "eventscope-bench", brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
  const producer = kafka.producer();
  await producer.connect();
  const app = await startConsole("bench-latency");
  const browser = await launchBrowser();
  const results: { ms: number; chartMoved: boolean }[] = [];
  try {
    const { page } = await signIn(browser, app, app.admin);
    // The first message makes the topic known to the sampler; then it goes idle.
    await producer.send({ topic: TOPIC, messages: [{ value: "warm-up" }] });
    await page.goto(`/clusters/local-kafka/topics/${TOPIC}`);
    await waitForPage(page, TOPIC);
    const produced = page.locator(".stat", { has: page.locator(".stat-label", { hasText: /^Produced$/ }) }).locator(".stat-value");
    const curve = page.locator("figure path.recharts-area-curve").first();
    await curve.waitFor({ timeout: 60_000 });

    console.log(`\n## Event produced -> figure updated in the browser (1 s sampling, SSE)\n`);
    console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? "?"}, node ${process.version}; Kafka ${KAFKA_BROKERS.join(",")}; Chromium headless`);
    console.log(`started: ${new Date().toISOString()}; load average ${os.loadavg().map((v) => v.toFixed(2)).join(" / ")}\n`);
    for (let trial = 0; trial < TRIALS; trial++) {
      // Idle: the page shows 0 msg/s (two samples with no new message).
      await page.waitForFunction((el) => /^0(\.0+)? msg\/s$/.test(el?.textContent?.trim() ?? ""), await produced.elementHandle(), { timeout: 30_000, polling: 100 });
      await sleep(Math.random() * 1000); // land anywhere within a sampling interval
      const curveBefore = await curve.getAttribute("d");
      const t0 = Date.now();
      await producer.send({ topic: TOPIC, messages: Array.from({ length: 20 }, (_, i) => ({ value: `burst ${trial}-${i}` })) });
      await page.waitForFunction(
        (el) => {
          const text = el?.textContent?.trim() ?? "";
          return /msg\/s$/.test(text) && !/^0(\.0+)? msg\/s$/.test(text);
        },
        await produced.elementHandle(),
        { timeout: 30_000, polling: "raf" },
      );
      const ms = Date.now() - t0;
      results.push({ ms, chartMoved: (await curve.getAttribute("d")) !== curveBefore });
      console.log(`trial ${String(trial + 1).padStart(2)}: ${ms} ms${results.at(-1)!.chartMoved ? "" : " (chart path unchanged!)"}`);
    }
  } finally {
    await browser.close().catch(() => undefined);
    await app.stop();
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
  const times = results.map((result) => result.ms);
  console.log(
    `\n| trials | median | p90 | max | chart redrawn in the same update | target |\n| --- | --- | --- | --- | --- | --- |\n| ${times.length} | ${percentile(times, 0.5)} ms | ${percentile(times, 0.9)} ms | ${Math.max(...times)} ms | ${results.filter((r) => r.chartMoved).length}/${results.length} | under 2,000 ms |`,
  );
  console.log(`\nload average at the end: ${os.loadavg().map((v) => v.toFixed(2)).join(" / ")}`);
  console.log(`RESULT live-latency ${JSON.stringify({ trials: times.length, medianMs: percentile(times, 0.5), p90Ms: percentile(times, 0.9), maxMs: Math.max(...times) })}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
