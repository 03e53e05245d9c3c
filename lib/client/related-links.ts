// Links between related things (issue 12 item 7), as pure functions: a DLQ message to its original
// message, to the group that failed it and to its trace; any event id to its trace.
import { clusterHref } from "./cluster-labels";
import { messageBrowserSearch } from "./message-browse";

/** Headers naming the consumer group that gave up on a message (Eventscope's demo, Spring Kafka). */
const FAILED_BY_HEADERS = ["x-consumer-group", "kafka_dlt-original-consumer-group", "x-original-consumer-group", "x-consumer"];

export function traceHref(id: string, cluster?: string): string {
  const search = new URLSearchParams({ id });
  if (cluster) search.set("cluster", cluster);
  return `/trace?${search.toString()}`;
}

export interface DlqMessageLinks {
  /** The topic browser at the original message (or the topic, when its position is unknown). */
  original?: { label: string; href: string };
  /** The consumer group that failed it, when a header names one. */
  failedBy?: { group: string; href: string };
  /** The event's trace: by its event id, else by its key. */
  trace?: { id: string; href: string };
}

export function dlqMessageLinks(
  clusterId: string,
  message: {
    originalTopic: string | null;
    originalPartition?: number;
    originalOffset?: number;
    originalId?: string;
    headers?: Record<string, string>;
    eventId?: string | null;
    key: string | null;
  },
): DlqMessageLinks {
  const links: DlqMessageLinks = {};
  if (message.originalTopic) {
    const search = messageBrowserSearch(message.originalPartition, message.originalOffset, message.originalId);
    const position = message.originalId ?? message.originalOffset;
    const at = position !== undefined ? ` @ ${message.originalPartition !== undefined ? `p${message.originalPartition} ` : ""}${position}` : "";
    links.original = { label: `${message.originalTopic}${at}`, href: `${clusterHref.topic(clusterId, message.originalTopic)}${search ? `?${search}` : ""}` };
  }
  for (const name of FAILED_BY_HEADERS) {
    const group = message.headers?.[name]?.trim();
    if (group) {
      links.failedBy = { group, href: clusterHref.consumer(clusterId, group) };
      break;
    }
  }
  const id = message.eventId || message.key;
  if (id) links.trace = { id, href: traceHref(id, clusterId) };
  return links;
}
