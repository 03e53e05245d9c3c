import "server-only";
import type { ConsumerInfo, StreamInfo } from "@nats-io/jetstream";
import { notFound } from "@/lib/errors";
import type { ConsumerDetail } from "../types";
import type { NatsClients } from "./nats-client";
import { READER_PREFIX, getStreamInfo, isNotFound, listStreamInfos } from "./nats-streams";

// A JetStream consumer is addressed as "<stream>.<consumer>": neither name may contain a dot.
export function consumerName(stream: string, consumer: string): string {
  return `${stream}.${consumer}`;
}

export function splitConsumerName(name: string): { stream: string; consumer: string } | null {
  const dot = name.indexOf(".");
  if (dot <= 0 || dot === name.length - 1) return null;
  const consumer = name.slice(dot + 1);
  return consumer.includes(".") ? null : { stream: name.slice(0, dot), consumer };
}

/** A pull consumer that delivered or had an ack this recently has a client working on it. */
export const PULL_ACTIVE_MS = 30_000;

/** When JetStream last delivered from, or got an ack for, this consumer (epoch ms); null if never or unknown. */
function lastActivity(info: ConsumerInfo): number | null {
  const times = [info.delivered?.last_active, info.ack_floor?.last_active]
    .map((value) => (typeof value === "string" ? Date.parse(value) : Number.NaN))
    .filter((time) => Number.isFinite(time));
  return times.length > 0 ? Math.max(...times) : null;
}

/**
 * Who consumes: a push consumer's bound subscription, or a pull consumer's clients. JetStream neither
 * counts nor names pull clients; a pull request waiting, or a delivery or ack in the last
 * PULL_ACTIVE_MS, shows that at least one is working (a client that fetches one message at a time is
 * seldom caught with a request waiting).
 */
function consumerMembers(info: ConsumerInfo, now: number | null): { members: number; memberDetails: ConsumerDetail["memberDetails"] } {
  if (info.push_bound) return { members: 1, memberDetails: [] };
  const waiting = info.num_waiting ?? 0;
  const last = now === null ? null : lastActivity(info);
  const recent = last !== null && now! - last <= PULL_ACTIVE_MS;
  if (waiting === 0 && !recent) return { members: 0, memberDetails: [] };
  const seen = last === null ? "" : `; last delivery or ack ${Math.max(0, Math.round((now! - last) / 1000))} s ago`;
  return {
    members: Math.max(1, waiting),
    memberDetails: [
      {
        memberId: "pull clients",
        clientId: "not named by JetStream",
        host: `${waiting} pull request${waiting === 1 ? "" : "s"} waiting${seen}`,
        assignments: [{ topic: info.stream_name, partitions: [0] }],
      },
    ],
  };
}

/**
 * The pure mapping from JetStream's figures to the shape every broker shares. `now` null: only
 * connected clients count as members (push bound, pull requests waiting), not recent activity.
 */
export function consumerDetailFromInfo(info: ConsumerInfo, stream: Pick<StreamInfo, "state">, now: number | null = Date.now()): ConsumerDetail {
  const pending = info.num_pending;
  const ackPending = info.num_ack_pending;
  const lag = pending + ackPending;
  const ackFloor = info.ack_floor?.stream_seq ?? 0;
  const { members, memberDetails } = consumerMembers(info, now);
  return {
    group: consumerName(info.stream_name, info.name),
    state: members > 0 ? "Active" : "Idle",
    members,
    topics: [info.stream_name],
    lag,
    pending,
    ackPending,
    redelivered: info.num_redelivered,
    delivered: info.delivered?.stream_seq ?? 0,
    partitions: [
      {
        topic: info.stream_name,
        partition: 0,
        committed: ackFloor > 0 ? ackFloor + 1 : null,
        high: stream.state.last_seq + 1,
        lag,
        ...(ackFloor > 0 ? {} : { noCommit: true }),
      },
    ],
    memberDetails,
  };
}

async function listStreamConsumers(clients: NatsClients, stream: string): Promise<ConsumerInfo[]> {
  const infos: ConsumerInfo[] = [];
  for await (const info of clients.jsm.consumers.list(stream)) {
    // Eventscope's own short-lived readers are not the operator's consumers.
    if (!info.name.startsWith(READER_PREFIX)) infos.push(info);
  }
  return infos;
}

/** One paged listing request per stream, however many consumers it has. */
export async function listConsumersOfStreams(clients: NatsClients, streams: StreamInfo[]): Promise<ConsumerDetail[]> {
  const perStream = await Promise.all(
    streams.map(async (stream) => (await listStreamConsumers(clients, stream.config.name)).map((info) => consumerDetailFromInfo(info, stream))),
  );
  return perStream.flat().sort((a, b) => a.group.localeCompare(b.group));
}

export async function listAllConsumers(clients: NatsClients, only?: Set<string>): Promise<ConsumerDetail[]> {
  const streams = await listStreamInfos(clients);
  const streamsOfWanted = only ? new Set([...only].map((name) => splitConsumerName(name)?.stream)) : undefined;
  const wanted = streamsOfWanted ? streams.filter((stream) => streamsOfWanted.has(stream.config.name)) : streams;
  const all = await listConsumersOfStreams(clients, wanted);
  return only ? all.filter((detail) => only.has(detail.group)) : all;
}

export async function describeNatsConsumer(clients: NatsClients, name: string): Promise<ConsumerDetail> {
  const parts = splitConsumerName(name);
  if (!parts) throw notFound(`consumer "${name}"`);
  const stream = await getStreamInfo(clients, parts.stream).catch((error) => {
    throw error?.code === "not-found" ? notFound(`consumer "${name}"`) : error;
  });
  try {
    return consumerDetailFromInfo(await clients.jsm.consumers.info(parts.stream, parts.consumer), stream);
  } catch (error) {
    if (isNotFound(error)) throw notFound(`consumer "${name}"`);
    throw error;
  }
}
