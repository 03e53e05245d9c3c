import "server-only";
import type { ConsumerConfig, ConsumerInfo, StreamInfo } from "@nats-io/jetstream";
import { notFound } from "@/lib/errors";
import type { ResetMethod, ResetOutcome, ResetPosition, ResetPositions, ResetRequest, ResetScope } from "../types";
import type { NatsClients } from "./nats-client";
import { consumerDetailFromInfo, splitConsumerName } from "./nats-consumers";
import { firstSequenceAtOrAfter, getStreamInfo, isNotFound, streamDetail } from "./nats-streams";

// "Offset resets" of a JetStream durable consumer. A consumer's start (deliver_policy, opt_start_seq,
// opt_start_time) is fixed when it is created: consumer update refuses it ("deliver policy can not be
// updated", error 10012, seen on nats-server 2.9.10). nats-server 2.14 added an in-place reset
// ($JS.API.CONSUMER.RESET, ADR-60) for consumers created with deliver policy all, by_start_sequence or
// by_start_time; it is used when the server has it. Otherwise the only way is to delete the durable and
// create it again with the same configuration and a new start, which forgets its redelivery counts and
// unacknowledged messages: done only on the caller's explicit `recreate: true`, and only while no
// client is subscribed (a push consumer bound, or pull requests waiting).

const IN_PLACE_POLICIES = new Set(["all", "by_start_sequence", "by_start_time"]);
const IN_PLACE_MIN_VERSION = [2, 14, 0];

/** "2.9.10" -> [2, 9, 10]; anything unparsable counts as 0. */
export function parseServerVersion(version: string | undefined): number[] {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version ?? "");
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
}

function atLeast(version: number[], minimum: number[]): boolean {
  for (let i = 0; i < minimum.length; i++) {
    if ((version[i] ?? 0) !== minimum[i]) return (version[i] ?? 0) > minimum[i]!;
  }
  return true;
}

/** How this server can move this consumer, with the plain reason when not in place. */
export function jetstreamResetMethod(
  serverVersion: string | undefined,
  config: Pick<ConsumerConfig, "durable_name" | "deliver_policy">,
  name: string,
): { method: ResetMethod; note?: string } {
  if (!config.durable_name) {
    return {
      method: "none",
      note: `"${name}" is an ephemeral consumer: it has no durable position to move. The client that created it chooses its start when it creates it again.`,
    };
  }
  const version = serverVersion ?? "unknown";
  const inPlace = atLeast(parseServerVersion(serverVersion), IN_PLACE_MIN_VERSION);
  if (inPlace && IN_PLACE_POLICIES.has(config.deliver_policy)) return { method: "reset" };
  const why = inPlace
    ? `nats-server ${version} can reset a consumer in place only when it was created with deliver policy all, by_start_sequence or by_start_time; "${name}" uses ${config.deliver_policy}.`
    : `nats-server ${version} cannot move a durable consumer's start in place: its deliver policy and start sequence are fixed when it is created (an in-place reset needs nats-server 2.14 or later).`;
  return {
    method: "recreate",
    note: `${why} Eventscope can delete the durable and create it again with the same configuration, starting at the new position: send recreate: true. Its redelivery counts and unacknowledged messages are forgotten, and no client may be subscribed while it is done.`,
  };
}

/**
 * The first stream sequence not yet acknowledged: ack floor + 1. A consumer that has acknowledged
 * nothing (new, or just recreated) has ack floor 0; with nothing outstanding it stands after what it
 * was last delivered (a new consumer: before its start). Unknown when messages are outstanding and
 * none was acknowledged.
 */
export function jetstreamPosition(info: {
  ack_floor?: { stream_seq: number };
  delivered?: { stream_seq: number };
  num_ack_pending: number;
}): number | null {
  const floor = info.ack_floor?.stream_seq ?? 0;
  if (floor > 0) return floor + 1;
  if (info.num_ack_pending === 0) return (info.delivered?.stream_seq ?? 0) + 1;
  return null;
}

function activeSubscribers(info: Pick<ConsumerInfo, "push_bound" | "num_waiting">): number {
  return info.push_bound ? 1 : (info.num_waiting ?? 0);
}

async function loadConsumer(clients: NatsClients, name: string): Promise<{ stream: StreamInfo; info: ConsumerInfo; consumer: string }> {
  const parts = splitConsumerName(name);
  if (!parts) throw notFound(`consumer "${name}"`);
  const stream = await getStreamInfo(clients, parts.stream).catch((error) => {
    throw (error as { code?: string })?.code === "not-found" ? notFound(`consumer "${name}"`) : error;
  });
  try {
    return { stream, info: await clients.jsm.consumers.info(parts.stream, parts.consumer), consumer: parts.consumer };
  } catch (error) {
    if (isNotFound(error)) throw notFound(`consumer "${name}"`);
    throw error;
  }
}

export async function readNatsResetPositions(clients: NatsClients, name: string, scope: ResetScope): Promise<ResetPositions> {
  const { stream, info } = await loadConsumer(clients, name);
  const streamName = stream.config.name;
  // Members here are the clients that block a recreate (activeSubscribers), not recent pull activity.
  const detail = consumerDetailFromInfo(info, stream, null);
  const missingTopics = new Set<string>();
  const missingPartitions: { topic: string; partition: number }[] = [];
  let included = true;
  if (scope.partitions) {
    included = false;
    for (const { topic, partition } of scope.partitions) {
      if (topic !== streamName) missingTopics.add(topic);
      else if (partition !== 0) missingPartitions.push({ topic, partition });
      else included = true;
    }
  } else if (scope.topics) {
    for (const topic of scope.topics) if (topic !== streamName) missingTopics.add(topic);
    included = scope.topics.includes(streamName);
  }

  const partitions: ResetPosition[] = [];
  if (included) {
    const { low, high } = streamDetail(stream).partitions[0]!;
    const filtered = Boolean(info.config.filter_subject) || (info.config.filter_subjects?.length ?? 0) > 0;
    let atTimestamp: number | null | undefined;
    if (scope.timestamp !== undefined) {
      const { first_seq: first, last_seq: last, messages } = stream.state;
      const seq = messages === 0 ? last + 1 : await firstSequenceAtOrAfter(clients, streamName, first, last, new Date(scope.timestamp));
      atTimestamp = seq > last ? null : seq;
    }
    partitions.push({
      topic: streamName,
      partition: 0,
      committed: jetstreamPosition(info),
      low,
      high,
      lag: detail.lag,
      ...(atTimestamp !== undefined ? { atTimestamp } : {}),
      // Messages outside the filter, or deleted ones, are not pending: high - start is only a bound.
      ...(filtered || (stream.state.num_deleted ?? 0) > 0 ? { lagIsEstimate: true } : {}),
    });
  }
  const support = jetstreamResetMethod(clients.nc.info?.version, info.config, name);
  return {
    group: name,
    state: detail.state,
    members: detail.members,
    partitions,
    missingTopics: [...missingTopics],
    missingPartitions,
    method: support.method,
    ...(support.note ? { methodNote: support.note } : {}),
  };
}

export async function applyNatsReset(clients: NatsClients, name: string, request: ResetRequest): Promise<ResetOutcome> {
  const { stream, info, consumer } = await loadConsumer(clients, name);
  const streamName = stream.config.name;
  const target = request.offsets.find((entry) => entry.topic === streamName && entry.partition === 0);
  if (!target) return { ok: false, code: "unsupported", reason: `nothing to reset: no position given for stream "${streamName}"` };
  const support = jetstreamResetMethod(clients.nc.info?.version, info.config, name);
  if (support.method === "none") return { ok: false, code: "unsupported", reason: support.note! };

  if (support.method === "reset") {
    await clients.jsm.consumers.reset(streamName, consumer, target.offset);
    return { ok: true, method: "reset" };
  }

  if (!request.recreate) return { ok: false, code: "unsupported", reason: support.note! };
  const subscribers = activeSubscribers(info);
  if (subscribers > 0) return { ok: false, code: "active-members", members: subscribers, state: "Active" };

  const { opt_start_time: _time, opt_start_seq: _seq, ...config } = info.config;
  await clients.jsm.consumers.delete(streamName, consumer);
  try {
    await clients.jsm.consumers.add(streamName, { ...config, deliver_policy: "by_start_sequence", opt_start_seq: Math.max(1, target.offset) });
  } catch (error) {
    // Put the durable back where it stood so that the failed attempt loses nothing but its ack state.
    const previous = jetstreamPosition(info) ?? (info.delivered?.stream_seq ?? 0) + 1;
    await clients.jsm.consumers
      .add(streamName, { ...config, deliver_policy: "by_start_sequence", opt_start_seq: Math.max(1, previous) })
      .catch(() => undefined);
    throw error;
  }
  return { ok: true, method: "recreate" };
}
