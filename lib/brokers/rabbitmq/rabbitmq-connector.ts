import "server-only";
import type { ConfirmChannel, ConsumeMessage, MessageProperties } from "amqplib";
import type { RabbitmqClusterConfig } from "@/lib/config/schema";
import { DomainError, conflict, notFound } from "@/lib/errors";
import { toBrokerError, withTimeout } from "../errors";
import { requireName, type NameCheck, type NameKind, type TargetCheck } from "../names";
import type { BrokerDelivery } from "../delivery";
import type {
  BrokerConnector,
  ClusterInfo,
  ClusterSnapshot,
  ConsumerDetail,
  ConsumerSummary,
  PublishRequest,
  PublishResult,
  RawMessage,
  ReadMessagesQuery,
  ReadMessagesResult,
  ResetOutcome,
  ResetPositions,
  ResetRequest,
  ResetScope,
  OffsetTimestampRequest,
  ScanMessagesRequest,
  ScanMessagesResult,
  TopicDetail,
  TopicSummary,
} from "../types";
import { createAmqpPool } from "./amqp-connection";
import { browseRefusal } from "./browse-notice";
import { passOverQueue } from "./queue-pass";
import { QueueLocks } from "./queue-locks";
import { amqpTimestampToMs, headersToBuffers } from "./amqp-values";
import { MAX_BROWSE_DEPTH, browseQueue, type BrowsedMessage } from "./browse";
import { deadLetterTopology, queueKey, type DeadLetterTopology } from "./dead-letter-topology";
import { ManagementClient } from "./management-client";
import { toRabbitQueue, toRabbitQueues, type RabbitQueue } from "./queue-rows";
import { describeRabbitCluster, silentDropSettings } from "./rabbitmq-cluster-info";
import { permanentRabbitError } from "./rabbitmq-errors";
import { rabbitmqKind } from "./rabbitmq-kind";
import { checkQueueId, checkRabbitHeader, checkRabbitTargetName, formatQueueId, parseQueueId } from "./rabbitmq-names";
import { headTimesOf, queueConsumers, queueOffsets, queueSummary, toSnapshot } from "./rabbitmq-snapshot";
import { amqpTimeToMs } from "./x-death";
import { rabbitmqDelivery, removeByIds, type RabbitDeliveryDeps } from "./rabbitmq-delivery";
import { describeRoute, parseRoute, routeOf, stableIdOf } from "./stable-id";
import type { QueueRef } from "./rabbitmq-names";

const CALL_TIMEOUT_MS = 20_000;
const HEALTH_TIMEOUT_MS = 4_000;
const PUBLISH_TIMEOUT_MS = 60_000;

/** The connection's credentials: `user`/`pass` fields win over the URL's. */
function credentialsOf(config: RabbitmqClusterConfig): { url: string; user: string; pass: string } {
  const url = new URL(config.url);
  if (config.user !== undefined) url.username = encodeURIComponent(config.user);
  if (config.pass !== undefined) url.password = encodeURIComponent(config.pass);
  return { url: url.toString(), user: decodeURIComponent(url.username) || "guest", pass: decodeURIComponent(url.password) || "guest" };
}

/** host:port of the AMQP URL, for messages (never the credentials). */
function endpointOf(config: RabbitmqClusterConfig): string {
  try {
    const url = new URL(config.url);
    return `${url.hostname}:${url.port || (url.protocol === "amqps:" ? "5671" : "5672")}`;
  } catch {
    return "the AMQP URL";
  }
}

export class RabbitmqConnector implements BrokerConnector {
  readonly kind = "rabbitmq" as const;
  readonly capabilities = rabbitmqKind.capabilities;
  private readonly management: ManagementClient;
  private readonly pool;
  private readonly vhosts: string[];
  private readonly endpoint: string;
  /** The last cycle's head message times, by queue id and consumers' position (headTimesOf). */
  private headTimes = new Map<string, number>();
  /** Reads that take messages and give them back (browse, scan, discard) run one at a time per queue. */
  private readonly locks = new QueueLocks();

  constructor(private readonly config: RabbitmqClusterConfig) {
    const { url, user, pass } = credentialsOf(config);
    this.management = new ManagementClient({ baseUrl: config.managementUrl, user, pass });
    this.pool = createAmqpPool(url, config.id);
    this.vhosts = config.vhosts ?? ["/"];
    this.endpoint = endpointOf(config);
  }

  /** Runs a broker call with a deadline; management errors arrive as domain errors already, AMQP ones are read here. */
  private async run<T>(what: string, work: () => Promise<T>, ms = CALL_TIMEOUT_MS): Promise<T> {
    try {
      return await withTimeout(work(), ms, `RabbitMQ ${this.endpoint} ${what}`);
    } catch (error) {
      throw toBrokerError(error, [this.endpoint], permanentRabbitError);
    }
  }

  checkName(_kind: NameKind, name: string): NameCheck {
    // A topic and a group are both a queue (<vhost>/<queue> outside "/").
    return checkQueueId(name, this.vhosts);
  }

  checkHeader(name: string, value: string): NameCheck {
    return checkRabbitHeader(name, value);
  }

  private requireQueue(kind: NameKind, id: string) {
    requireName(kind, this.checkName(kind, id));
    const ref = parseQueueId(id, this.vhosts);
    if (!this.vhosts.includes(ref.vhost)) throw notFound(`vhost ${JSON.stringify(ref.vhost)}`);
    return ref;
  }

  private async queue(id: string, kind: NameKind = "topic"): Promise<RabbitQueue> {
    const { vhost, queue } = this.requireQueue(kind, id);
    return toRabbitQueue(await this.management.queue(vhost, queue), Date.now());
  }

  async checkTarget(target: string): Promise<TargetCheck> {
    const byName = checkRabbitTargetName(parseQueueId(target, this.vhosts).queue);
    if (!byName.ok) return byName;
    try {
      await this.run("queue lookup", () => this.queue(target));
      return { ok: true };
    } catch (error) {
      if (error instanceof DomainError && error.code === "not-found") return { ok: false, code: "missing", reason: `no queue ${JSON.stringify(target)}` };
      throw error;
    }
  }

  checkHealth(): Promise<void> {
    return this.run("health check", async () => void (await this.management.overview()), HEALTH_TIMEOUT_MS);
  }

  private async listQueues(): Promise<RabbitQueue[]> {
    return toRabbitQueues(await this.management.queues(), Date.now(), this.vhosts);
  }

  /** Queues, and the dead-letter topology from exchanges and bindings: three batched listings. */
  async readTopology(): Promise<{ queues: RabbitQueue[]; topology: DeadLetterTopology }> {
    return this.run("topology", async () => {
      const [queues, exchanges, bindings] = await Promise.all([this.listQueues(), this.management.exchanges(), this.management.bindings()]);
      const inScope = (row: { vhost: string }) => this.vhosts.includes(row.vhost);
      return { queues, topology: deadLetterTopology(queues, exchanges.filter(inScope), bindings.filter(inScope)) };
    });
  }

  /** Queues reached through another queue's dead-letter exchange, with the queues feeding them. */
  async deadLetterQueues(): Promise<{ topic: string; originalTopics: string[] }[]> {
    const { queues, topology } = await this.readTopology();
    const byKey = new Map(queues.map((queue) => [queueKey(queue.vhost, queue.name), queue]));
    return [...topology.dlqs].flatMap(([key, sources]) => {
      const queue = byKey.get(key);
      return queue ? [{ topic: formatQueueId(queue), originalTopics: [...new Set(sources.map((source) => formatQueueId(source)))].sort() }] : [];
    });
  }

  async listTopics(): Promise<TopicSummary[]> {
    return (await this.run("queue listing", () => this.listQueues())).map(queueSummary);
  }

  async describeTopic(topic: string): Promise<TopicDetail> {
    const queue = await this.run("queue description", () => this.queue(topic));
    return { name: formatQueueId(queue), partitions: [queueOffsets(queue)], bytes: null };
  }

  private async browse(topic: string, from: number, limit: number) {
    const queue = await this.queue(topic);
    const page = await this.locks.exclusive(queueKey(queue.vhost, queue.name), () => this.pool.withChannel(queue.vhost, (channel) => browseQueue(channel, queue, { from, limit })));
    return { ...page, queue, identity: this.identity({ vhost: queue.vhost, queue: queue.name }) };
  }

  /**
   * A browse that found nothing where RabbitMQ counts messages: they are delivered to someone and not
   * acknowledged (a consumer's prefetch, a requeue job, a browse in another console process), and a
   * get cannot see them. The page must not call such a queue empty: 409 with the figures. (The
   * management API's counts lag by its statistics interval, about 5 s.)
   */
  private async refuseHiddenMessages(queue: RabbitQueue): Promise<void> {
    const now = toRabbitQueue(await this.management.queue(queue.vhost, queue.name), Date.now());
    if (now.total === 0) return;
    throw conflict(
      `queue ${JSON.stringify(formatQueueId(now))} is not empty: RabbitMQ counts ${now.total} message(s) (${now.ready} ready, ${now.unacked} delivered and not acknowledged), but none could be read now. Messages delivered to a consumer (its prefetch), held by a requeue job or by a browse elsewhere are invisible to a browse until they are acknowledged or returned; try again shortly.`,
      { messages: now.total, ready: now.ready, unacknowledged: now.unacked },
    );
  }

  /**
   * A search or count over a classic or quorum queue: one consuming pass over the whole queue (up to
   * MAX_HELD messages, AMQP's prefetch limit) instead of the browse's get-and-return, which stops
   * MAX_BROWSE_DEPTH deep. Every message is held until the pass ends, then given back in order.
   */
  private scanByPass(queue: RabbitQueue, request: ScanMessagesRequest): Promise<ScanMessagesResult> {
    const refusal = browseRefusal(queue);
    if (refusal) throw new DomainError("unsupported", refusal);
    const from = request.resume?.[0]?.offset ?? request.from ?? 0;
    const since = request.since?.getTime();
    const identity = this.identity({ vhost: queue.vhost, queue: queue.name });
    return this.locks.exclusive(queueKey(queue.vhost, queue.name), () =>
      this.pool.withChannel(queue.vhost, async (channel) => {
        let position = 0;
        let stoppedAt: number | undefined;
        const pass = await passOverQueue(channel, queue.name, (message) => {
          const at = position++;
          if (at < from) return false;
          if (request.shouldStop()) {
            stoppedAt = at;
            return true;
          }
          const raw = toRawMessage(fromConsumed(message, at), identity);
          const timestampMs = Date.parse(raw.timestamp);
          if (since !== undefined && timestampMs < since) return false;
          if (request.visit({ partition: 0, offset: at, timestampMs, key: raw.key, value: raw.value, headers: raw.headers, stableId: raw.stableId, route: raw.route })) {
            stoppedAt = at + 1;
            return true;
          }
          return false;
        });
        if (stoppedAt !== undefined) return { remaining: [{ partition: 0, offset: stoppedAt }] };
        const unseen = heldByConsumers(queue, pass.consumers);
        return { remaining: pass.whole ? [] : [{ partition: 0, offset: position }], ...(unseen ? { unseen } : {}) };
      }),
    );
  }

  /** RabbitMQ's own count of the queue's messages, ready and unacknowledged (management API; lags about 5 s). */
  async countMessages(topic: string): Promise<number> {
    return (await this.run("queue count", () => this.queue(topic))).total;
  }

  /** How messages of this queue are named (stable-id.ts): the scope of their derived ids, and their vhost. */
  private identity(queue: QueueRef): MessageIdentity {
    return { scope: `${this.config.id}\u0000${queue.vhost}\u0000${queue.queue}`, vhost: queue.vhost };
  }

  async readMessages(topic: string, query: ReadMessagesQuery): Promise<ReadMessagesResult> {
    return this.run("message read", async () => {
      const page = await this.browse(topic, query.from ?? 0, Math.max(1, Math.min(query.limit, 500)));
      if (page.messages.length === 0 && page.next === undefined && (query.from ?? 0) === 0) await this.refuseHiddenMessages(page.queue);
      const since = query.since?.getTime();
      const messages = page.messages.map((message) => toRawMessage(message, page.identity)).filter((message) => since === undefined || Date.parse(message.timestamp) >= since);
      return { messages, next: page.next === undefined ? undefined : { partition: 0, offset: page.next } };
    });
  }

  async scanMessages(topic: string, request: ScanMessagesRequest): Promise<ScanMessagesResult> {
    return this.run("message search", async () => {
      const queue = await this.queue(topic);
      if (queue.type !== "stream") return this.scanByPass(queue, request);
      const from = request.resume?.[0]?.offset ?? request.from ?? 0;
      const page = await this.browse(topic, Math.min(from, MAX_BROWSE_DEPTH - 1), Math.max(1, MAX_BROWSE_DEPTH - Math.min(from, MAX_BROWSE_DEPTH - 1)));
      const since = request.since?.getTime();
      for (const browsed of page.messages) {
        if (request.shouldStop()) return { remaining: [{ partition: 0, offset: browsed.position }] };
        const raw = toRawMessage(browsed, page.identity);
        const timestampMs = Date.parse(raw.timestamp);
        if (since !== undefined && timestampMs < since) continue;
        if (request.visit({ partition: 0, offset: raw.offset, timestampMs, key: raw.key, value: raw.value, headers: raw.headers, stableId: raw.stableId, route: raw.route })) {
          return { remaining: [{ partition: 0, offset: browsed.position + 1 }] };
        }
      }
      return { remaining: page.next === undefined ? [] : [{ partition: 0, offset: page.next }] };
    }, 120_000);
  }

  async listConsumerNames(): Promise<string[]> {
    return (await this.listConsumers()).map((consumer) => consumer.group);
  }

  async listConsumers(names?: string[]): Promise<ConsumerSummary[]> {
    const wanted = names ? new Set(names) : null;
    const { consumers } = await this.snapshot();
    return wanted ? consumers.filter((consumer) => wanted.has(consumer.group)) : consumers;
  }

  async describeConsumer(group: string): Promise<ConsumerDetail> {
    const queue = await this.run("consumer description", () => this.queue(group, "group"));
    const summary = queueConsumers(queue);
    if (!summary) throw notFound(`consumer ${JSON.stringify(group)} (a stream queue's readers keep their own offsets)`);
    return { ...summary, memberDetails: [] };
  }

  private async publishOn(channel: ConfirmChannel, request: PublishRequest): Promise<PublishResult> {
    const { queue } = this.requireQueue("topic", request.topic);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name] = value.toString();
    const body = request.value === null ? Buffer.alloc(0) : Buffer.isBuffer(request.value) ? request.value : Buffer.from(request.value);
    await new Promise<void>((resolve, reject) => {
      // Through the default exchange: routed to the queue of that name; mandatory, so that a queue
      // gone meanwhile comes back as a return instead of vanishing.
      channel.publish("", queue, body, { persistent: true, mandatory: true, headers, messageId: request.msgId }, (error: unknown) => (error ? reject(error) : resolve()));
    });
    return { partition: 0, offset: 0 };
  }

  publish(request: PublishRequest): Promise<PublishResult> {
    return this.publishBatch([request]).then((results) => results[0]);
  }

  publishBatch(requests: PublishRequest[]): Promise<PublishResult[]> {
    if (requests.length === 0) return Promise.resolve([]);
    const vhost = parseQueueId(requests[0].topic, this.vhosts).vhost;
    return this.run(
      "batch publish",
      () =>
        this.pool.withConfirmChannel(vhost, async (channel) => {
          const returned: string[] = [];
          channel.on("return", (message: { fields: { routingKey: string } }) => returned.push(message.fields.routingKey));
          const settled = await Promise.allSettled(requests.map((request) => this.publishOn(channel, request)));
          const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
          if (failure) throw failure.reason;
          if (returned.length) throw new DomainError("broker-refused", `RabbitMQ returned ${returned.length} message(s) as unroutable: no queue ${JSON.stringify(returned[0])}`);
          return settled.map((outcome) => (outcome as PromiseFulfilledResult<PublishResult>).value);
        }),
      PUBLISH_TIMEOUT_MS,
    );
  }

  async offsetsAtTime(topic: string): Promise<Map<number, number>> {
    this.requireQueue("topic", topic);
    throw new DomainError("unsupported", "a RabbitMQ queue has no positions by time: messages leave it once acknowledged");
  }

  /** Positions of a queue are not stable identities; requeued and discarded messages leave the queue. */
  async countRetained(topic: string): Promise<number> {
    this.requireQueue("topic", topic);
    return 0;
  }

  async deleteMessage(topic: string): Promise<boolean> {
    this.requireQueue("topic", topic);
    return false;
  }

  async readResetPositions(group: string, _scope: ResetScope): Promise<ResetPositions> {
    this.requireQueue("group", group);
    throw new DomainError("unsupported", "a RabbitMQ queue's consumers have no position to reset: acknowledged messages are gone");
  }

  async resetOffsets(group: string, _request: ResetRequest): Promise<ResetOutcome> {
    this.requireQueue("group", group);
    return { ok: false, code: "unsupported", reason: "a RabbitMQ queue's consumers have no position to reset" };
  }

  snapshot(): Promise<ClusterSnapshot> {
    return this.run("snapshot", async () => {
      const { queues, topology } = await this.readTopology();
      const at = Date.now();
      this.headTimes = headTimesOf(queues, at);
      return toSnapshot(queues, topology, at);
    });
  }

  /**
   * Lag in seconds: the time of the message at a queue's consumers' position, which is the queue's
   * head. RabbitMQ says it where the head message has a `timestamp` property (the management API's
   * head_message_timestamp, read in the last cycle); otherwise null, and the lag in seconds is unknown.
   */
  async readOffsetTimestamps(requests: OffsetTimestampRequest[]): Promise<(number | null)[]> {
    return requests.map((request) => this.headTimes.get(`${request.topic}\u0000${request.offset}`) ?? null);
  }

  describeCluster(): Promise<ClusterInfo> {
    return this.run("cluster description", async () => {
      const [overview, { topology }] = await Promise.all([this.management.overview(), this.readTopology()]);
      const info = describeRabbitCluster(overview, this.vhosts, this.endpoint);
      // Queues whose dead letters RabbitMQ drops without a word: said on the cluster page.
      return { ...info, settings: [...info.settings, ...silentDropSettings(topology.warnings)] };
    });
  }

  /** What the requeue delivery and discard need of this connector (rabbitmq-delivery.ts). */
  private deliveryDeps(): RabbitDeliveryDeps {
    return {
      queueOf: (topic) => this.requireQueue("topic", topic),
      openChannel: (vhost) => this.pool.openChannel(vhost),
      idOf: (queue) => {
        const { scope } = this.identity(queue);
        return (message) => stableIdOf(scope, message.properties, message.content);
      },
      toRaw: (queue) => {
        const identity = this.identity(queue);
        return (message, position) => toRawMessage(fromConsumed(message, position), identity);
      },
      unacknowledged: async (queue) => (await this.management.queue(queue.vhost, queue.queue)).messages_unacknowledged ?? 0,
      exclusive: (queue, work) => this.locks.exclusive(queueKey(queue.vhost, queue.queue), work),
    };
  }

  /**
   * RabbitMQ's "publish once": the DLQ is consumed by the job's reader, copies are published along
   * their first death's exchange and routing key and their DLQ messages acknowledged in one AMQP
   * transaction; the DLQ itself says after a crash what was sent (rabbitmq-delivery.ts).
   */
  delivery(): BrokerDelivery {
    const inner = rabbitmqDelivery(this.deliveryDeps());
    const mapped = <A extends unknown[], T>(work: (...args: A) => Promise<T>) => async (...args: A): Promise<T> => {
      try {
        return await work(...args);
      } catch (error) {
        throw toBrokerError(error, [this.endpoint], permanentRabbitError);
      }
    };
    const reader = inner.reader!;
    return {
      reader: (topic) => {
        const held = reader(topic);
        return { next: mapped((limit: number) => held.next(limit)) };
      },
      prepare: inner.prepare,
      publishOnce: mapped(inner.publishOnce),
      settle: mapped(inner.settle),
      close: inner.close,
    };
  }

  async checkRoute(route: string): Promise<TargetCheck> {
    const parsed = parseRoute(route);
    if (!parsed || !this.vhosts.includes(parsed.vhost)) return { ok: false, code: "invalid", reason: "not an exchange and routing key of this cluster's vhosts" };
    return this.run("exchange lookup", async () => {
      try {
        // The default exchange always exists; what it routes to is the queue its routing key names.
        if (parsed.exchange === "") await this.management.queue(parsed.vhost, parsed.routingKey);
        else await this.management.exchange(parsed.vhost, parsed.exchange);
        return { ok: true } as const;
      } catch (error) {
        if (error instanceof DomainError && error.code === "not-found") {
          const what = parsed.exchange === "" ? `queue ${JSON.stringify(parsed.routingKey)} (${describeRoute(parsed)})` : `exchange ${JSON.stringify(parsed.exchange)}`;
          return { ok: false, code: "missing", reason: `the original ${what} no longer exists` } as const;
        }
        throw error;
      }
    });
  }

  async removeMessages(topic: string, stableIds: string[]): Promise<string[]> {
    const queue = this.requireQueue("topic", topic);
    return this.run("discard", () => this.locks.exclusive(queueKey(queue.vhost, queue.queue), () => removeByIds(this.deliveryDeps(), queue, stableIds)), 120_000);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * What a consuming pass could not see: the messages delivered to the queue's consumers and not yet
 * acknowledged (a service's prefetch, a requeue job, a browse in another console process). The
 * figure is the management API's, taken just before the pass, which lags its statistics round (about
 * 5 s); it is believed only when the queue had a consumer as the pass began (an exact AMQP figure),
 * so that the console's own passes a moment ago, long over, do not make a count refuse.
 */
function heldByConsumers(queue: RabbitQueue, consumers: number): { messages: number; reason: string } | undefined {
  if (consumers === 0 || queue.unacked === 0) return undefined;
  return {
    messages: queue.unacked,
    reason: `${queue.unacked} message(s) of queue ${JSON.stringify(formatQueueId(queue))} are delivered to a consumer and not acknowledged (RabbitMQ counts ${queue.ready} ready); a read sees only ready messages until they are acknowledged or returned`,
  };
}

interface MessageIdentity {
  scope: string;
  vhost: string;
}

function fromConsumed(message: ConsumeMessage, position: number): BrowsedMessage {
  const { fields } = message;
  return { position, redelivered: fields.redelivered, exchange: fields.exchange, routingKey: fields.routingKey, properties: message.properties, content: message.content };
}

/**
 * A browsed message in the connector's shape: the routing key as the key, headers as bytes, its time,
 * its derived id and, once dead-lettered, the route it first took (stable-id.ts).
 */
export function toRawMessage(message: BrowsedMessage, identity: MessageIdentity): RawMessage {
  const { properties } = message;
  const deathTime = Array.isArray(properties.headers?.["x-death"]) ? amqpTimeToMs((properties.headers!["x-death"] as { time?: unknown }[])[0]?.time) : null;
  const timeMs = typeof properties.timestamp === "number" ? amqpTimestampToMs(properties.timestamp) : deathTime;
  const route = routeOf(identity.vhost, properties as MessageProperties);
  return {
    partition: 0,
    offset: message.position,
    timestamp: new Date(timeMs !== null && Number.isFinite(timeMs) ? timeMs : 0).toISOString(),
    key: message.routingKey ? Buffer.from(message.routingKey) : null,
    headers: headersToBuffers(properties.headers ?? undefined),
    value: message.content,
    stableId: stableIdOf(identity.scope, properties, message.content),
    ...(route ? { route } : {}),
  };
}
