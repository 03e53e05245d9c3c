import "server-only";
import { topicDetailView, topicView } from "@/lib/clusters/cluster-views";
import { withConnector } from "@/lib/clusters/registry";
import { requireBrokerName } from "@/lib/clusters/require-broker-name";
import { listingSnapshot, topicDetailOf, topicSummariesOf } from "@/lib/clusters/snapshot-listings";
import type { getTopic, getTopicHistory, listTopics } from "@/lib/contract/topics";
import type { ResponseOf } from "@/lib/contract/operation";
import type { RatePoint } from "@/lib/metrics/history";
import type { HistoryAnswer } from "@/lib/metrics/history-query";
import { historyRequest } from "@/lib/metrics/history-request";
import { storedRateHistory } from "@/lib/metrics/history-store";
import { rateHistoryWithStored } from "@/lib/metrics/history-with-stored";
import { getSampler } from "@/lib/metrics/samplers";
import { sampleOnRead } from "@/lib/metrics/serverless/sample-on-read";

// The topic (stream) reads: each first lets serverless mode sample (sampleOnRead does nothing where a
// background sampler runs), then answers from the sampler's latest snapshot when it is fresh
// (lib/clusters/snapshot-listings.ts), else from the broker.

/** Every topic: before the first cycle, or after the console changed the cluster, from the broker. */
export async function presentTopics(cluster: string): Promise<ResponseOf<typeof listTopics>> {
  await sampleOnRead(cluster);
  const topics = await withConnector(cluster, async (connector) => {
    const snapshot = listingSnapshot(cluster);
    return snapshot ? topicSummariesOf(snapshot) : connector.listTopics();
  });
  return { topics: topics.map((topic) => topicView(topic, getSampler(cluster)?.latest)) };
}

/** One topic; a topic created since the snapshot, an unknown name or no snapshot: the broker, which also answers 400/404. */
export async function presentTopic(cluster: string, topic: string): Promise<ResponseOf<typeof getTopic>> {
  await sampleOnRead(cluster);
  const detail = await withConnector(cluster, async (connector) => {
    const snapshot = listingSnapshot(cluster);
    return (snapshot && topicDetailOf(snapshot, topic)) ?? connector.describeTopic(topic);
  });
  return topicDetailView(detail, getSampler(cluster)?.latest);
}

/** Throughput over `window`: memory at sampling resolution, stored minutes beyond it. */
export async function presentTopicHistory(cluster: string, topic: string, window: string): Promise<ResponseOf<typeof getTopicHistory>> {
  // Checked before anything else: the answer may come from memory or the database, never asking the broker.
  await requireBrokerName(cluster, "topic", topic);
  await sampleOnRead(cluster);
  const { sampler, from, windowMs, fromDatabase } = historyRequest(cluster, window);
  if (!sampler.latest?.topics.has(topic)) await withConnector(cluster, (connector) => connector.describeTopic(topic));
  const points = fromDatabase
    ? await storedRateHistory(cluster, topic, from)
    : await rateHistoryWithStored(cluster, topic, from, (await sampler.history({ kind: "topic", topic, from })) as HistoryAnswer<RatePoint>);
  return { window: windowMs / 1000, resolution: fromDatabase ? 60 : sampler.intervalMs / 1000, points };
}
