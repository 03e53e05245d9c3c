import "server-only";
import { ConfigResourceTypes } from "kafkajs";
import type { ClusterInfo, ClusterSetting } from "../types";
import { decodeApiVersionsFeatures, kafkaReleaseOfMetadataVersion, pickKafkaSettings } from "./kafka-cluster-facts";
import { FlexibleWriter } from "./flexible-codec";
import { offeredVersions, sendOwnRequest } from "./internal-cluster";
import type { KafkaClients } from "./kafka-client";
import { listKafkaTopics } from "./kafka-topics";

// The cluster page's facts: describeCluster (brokers, controller, id), describeConfigs of the
// controller (listeners, auto topic creation, retention and partition defaults), the topic list for
// counts, and the version. Kafka has no "version" call: the ApiVersions answer (v3+, Kafka 2.7+)
// carries the finalized `metadata.version` feature, whose level names the release ("4.1-IV1").

const API_VERSIONS_KEY = 18;

async function readMetadataVersion(clients: KafkaClients, nodeId: number): Promise<number | null> {
  try {
    // The internal cluster finds brokers in its own metadata, which a fresh client has not read yet.
    await clients.cluster.refreshMetadataIfNecessary();
    const broker = await clients.cluster.findBroker({ nodeId: String(nodeId) });
    const offered = offeredVersions(broker, API_VERSIONS_KEY);
    if (!offered || offered.maxVersion < 3) return null;
    const body = new FlexibleWriter()
      .uvarint(0) // request header tagged fields (header v2)
      .compactString("eventscope")
      .compactString("1")
      .uvarint(0).buffer;
    const features = await sendOwnRequest(broker, { apiKey: API_VERSIONS_KEY, apiVersion: 3, apiName: "ApiVersions", body }, decodeApiVersionsFeatures);
    return features.finalized.get("metadata.version") ?? null;
  } catch {
    return null; // the version is a nicety: an old broker or a refusal leaves it unknown
  }
}

export async function describeKafkaCluster(clients: KafkaClients): Promise<ClusterInfo> {
  const described = await clients.admin.describeCluster();
  const configNode = described.controller ?? described.brokers[0]?.nodeId;
  const [configs, topics, metadataVersion] = await Promise.all([
    configNode === undefined
      ? Promise.resolve([])
      : clients.admin
          .describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: String(configNode) }] })
          .then((answer) => answer.resources[0]?.configEntries ?? [])
          .catch(() => []),
    listKafkaTopics(clients),
    configNode === undefined ? Promise.resolve(null) : readMetadataVersion(clients, configNode),
  ]);
  const entries = configs.map((entry) => ({ name: entry.configName, value: entry.configValue, isDefault: entry.isDefault }));
  const { listeners, settings } = pickKafkaSettings(entries);
  const release = metadataVersion === null ? null : kafkaReleaseOfMetadataVersion(metadataVersion);
  return {
    kind: "kafka",
    clusterId: described.clusterId || null,
    version: release ? `Kafka ${release.release}` : null,
    ...(metadataVersion !== null
      ? { versionDetail: `metadata.version ${release ? `${release.name} (level ${metadataVersion})` : `level ${metadataVersion}`}` }
      : {}),
    controller: described.controller === null || described.controller === undefined ? null : String(described.controller),
    nodes: described.brokers
      .map((broker) => ({
        id: String(broker.nodeId),
        host: broker.host,
        port: broker.port,
        isController: broker.nodeId === described.controller,
      }))
      .sort((a, b) => Number(a.id) - Number(b.id)),
    listeners,
    topics: topics.length,
    partitions: topics.reduce((sum, topic) => sum + topic.partitions, 0),
    settings: settings satisfies ClusterSetting[],
  };
}
