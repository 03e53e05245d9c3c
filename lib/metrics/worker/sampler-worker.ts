// The sampler worker: a worker_thread that runs every cluster's ClusterSampler (broker reads,
// derivation, the hour of series) away from the HTTP thread, whose event loop then never waits for a
// cycle or for the garbage collection of one (each thread has its own heap and collector). It sends
// each cycle's figures as compact messages (cycle-transfer.ts) and answers history and /api/metrics
// questions from its series book. Bundled by scripts/build-sampler-worker.mjs; started by
// sampler-host.ts.
import { getHeapStatistics } from "node:v8";
import { parentPort } from "node:worker_threads";
import { isAppError } from "@/lib/api/errors";
import { newConnector } from "@/lib/brokers/connectors";
import type { BrokerConnector } from "@/lib/brokers/types";
import type { ClusterConfig } from "@/lib/config/schema";
import { answerHistory } from "../history-query";
import { LiveBus } from "../live-bus";
import { renderMetrics } from "../prometheus";
import { ClusterSampler } from "../sampler";
import { encodeCycle, scopedCycle } from "./cycle-transfer";
import type { FromWorker, ToWorker } from "./protocol";

interface Running {
  fingerprint: string;
  sampler: ClusterSampler;
  connector: BrokerConnector;
}

const running = new Map<string, Running>();
const port = parentPort;
if (!port) throw new Error("sampler-worker.ts runs as a worker thread (lib/metrics/worker/sampler-host.ts starts it)");
const send = (message: FromWorker) => port.postMessage(message);

function samplingConnector(config: ClusterConfig): BrokerConnector {
  // The registry's factory (lib/brokers/connectors.ts): every cluster kind, no kind branch here.
  const connector: BrokerConnector = newConnector(config);
  // Stamped with when it began, so listings know which changes a snapshot has seen (snapshot-listings.ts).
  const snapshot = connector.snapshot.bind(connector);
  connector.snapshot = async () => {
    const startedAt = Date.now();
    return { ...(await snapshot()), startedAt };
  };
  return connector;
}

function start(config: ClusterConfig, fingerprint: string): Running {
  const connector = samplingConnector(config);
  // The worker has no viewers: the live stream is fed on the HTTP thread from each cycle's message.
  const sampler: ClusterSampler = new ClusterSampler(config, new LiveBus(0), {
    connector: () => connector,
    onSuccess: () => undefined,
    onFailure: (error) => send({ type: "failure", cluster: config.id, fingerprint, message: isAppError(error) ? error.message : String(error) }),
    onCycle: (figures) => {
      const snapshot = sampler.latestSnapshot!;
      send({ type: "cycle", cluster: config.id, fingerprint, cycleMs: sampler.lastCycleMs ?? 0, cycles: sampler.cycles, cycle: encodeCycle(figures, snapshot) });
    },
  });
  sampler.start();
  return { fingerprint, sampler, connector };
}

function sync(clusters: ClusterConfig[]): void {
  const wanted = new Map(clusters.map((config) => [config.id, config]));
  for (const [id, entry] of running) {
    const config = wanted.get(id);
    if (config && JSON.stringify(config) === entry.fingerprint) continue;
    entry.sampler.stop();
    void entry.connector.close().catch(() => undefined);
    running.delete(id);
  }
  for (const config of clusters) if (!running.has(config.id)) running.set(config.id, start(config, JSON.stringify(config)));
}

function answer(message: Extract<ToWorker, { id: number }>): unknown {
  if (message.type === "history") {
    const entry = running.get(message.cluster);
    if (!entry) throw new Error(`cluster "${message.cluster}" is not sampled`);
    return answerHistory(entry.sampler.book, entry.sampler.intervalMs, entry.sampler.latest, message.query);
  }
  if (message.type === "scoped") {
    const sampler = running.get(message.cluster)?.sampler;
    return sampler?.latest && sampler.latestSnapshot ? scopedCycle(sampler.latest, sampler.latestSnapshot, message.scope) : undefined;
  }
  const clusters = [...running.entries()].map(([id, { sampler }]) => ({
    id,
    kind: sampler.config.kind,
    figures: sampler.latest,
    up: message.up[id],
    lastCycleMs: sampler.lastCycleMs,
    intervalMs: sampler.intervalMs,
  }));
  const heap = getHeapStatistics(); // this thread's isolate
  const heaps = [...(message.server.heaps ?? []), { thread: "sampler", usedBytes: heap.used_heap_size, totalBytes: heap.total_heap_size }];
  return renderMetrics(clusters, { ...message.server, heaps });
}

port.on("message", (message: ToWorker) => {
  if (message.type === "sync") return sync(message.clusters);
  try {
    send({ type: "reply", id: message.id, result: answer(message) });
  } catch (error) {
    send({ type: "reply", id: message.id, error: (error as Error).message ?? String(error) });
  }
});
