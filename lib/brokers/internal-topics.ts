// Topics and streams a broker or a framework keeps for itself (Kafka's __consumer_offsets and
// __transaction_state, Confluent's _confluent-*, JetStream's KV_ buckets): not counted as user
// topics. Plain module: used by the server's cluster figures and the browser's live reducer alike.
export function isInternalTopicName(name: string): boolean {
  return name.startsWith("__") || name.startsWith("_confluent") || name.startsWith("KV_");
}
