import "server-only";
import Redis from "ioredis";
import { DomainError, isDomainError } from "@/lib/errors";
import { describeConnectionError } from "@/lib/idempotency/store-errors";
import { brokerRefused, brokerUnavailable, callerRedisError, isConnectionFailure, isReplyError, permanentRedisError } from "./redis-errors";

/** Where and how to reach Redis (the parts of a `redis-streams` cluster's configuration this folder needs). */
export interface RedisStreamsTarget {
  url: string;
  /** ACL user and password when not written in the URL. */
  username?: string;
  password?: string;
}

/** A Redis that does not answer within this is down (ioredis's default of 10 s would hang pages). */
export const CONNECT_TIMEOUT_MS = 2_000;
/** One command (or pipeline) taking longer than this fails instead of hanging a page or a job. */
export const COMMAND_TIMEOUT_MS = 10_000;

/**
 * One ioredis connection per cluster, connected on first use. While Redis is down, commands fail at
 * once with the last connection error (no offline queue); ioredis reconnects in the background every
 * few seconds, so the cluster recovers by itself.
 */
export class RedisStreamsClient {
  private readonly client: Redis;
  private lastError: string | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly target: RedisStreamsTarget,
    connectionName = "eventscope",
  ) {
    this.client = new Redis(target.url, {
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      commandTimeout: COMMAND_TIMEOUT_MS,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(times * 500, 5_000),
      connectionName,
      ...(target.username ? { username: target.username } : {}),
      ...(target.password ? { password: target.password } : {}),
    });
    this.client.on("error", (error: unknown) => {
      this.lastError = describeConnectionError(error);
    });
    this.client.on("ready", () => {
      this.lastError = undefined;
    });
  }

  /** The URL without its password, for messages. */
  get where(): string {
    return redactRedisUrl(this.target.url);
  }

  private async ready(): Promise<Redis> {
    if (this.closed) throw brokerUnavailable(`${this.where}: connection closed`);
    const status = this.client.status;
    if (status === "ready") return this.client;
    if (status === "wait" || (this.connecting && (status === "connecting" || status === "connect"))) {
      this.connecting ??= this.client.connect().finally(() => {
        this.connecting = undefined;
      });
      try {
        await this.connecting;
      } catch (error) {
        throw this.down(error);
      }
      if (this.client.status === "ready") return this.client;
    }
    // Reconnecting in the background: fail fast with the last reason rather than wait for it.
    throw brokerUnavailable(`${this.where}: ${this.lastError ?? `not connected (${this.client.status})`}`);
  }

  private down(error: unknown): DomainError {
    const reason = this.lastError ?? describeConnectionError(error);
    return brokerUnavailable(`${this.where}: ${reason}`.slice(0, 500));
  }

  /**
   * Runs Redis work. A dropped connection becomes broker-unavailable (503) with the reason; a reply
   * error about the named stream or group a 4xx; other reply errors broker-refused (422), except
   * temporary ones (LOADING, BUSY), which are outages.
   */
  async run<T>(work: (redis: Redis) => Promise<T>, what: { stream?: string; group?: string } = {}): Promise<T> {
    const redis = await this.ready();
    try {
      return await work(redis);
    } catch (error) {
      throw this.toDomainError(error, what);
    }
  }

  toDomainError(error: unknown, what: { stream?: string; group?: string } = {}): DomainError {
    if (isDomainError(error)) return error;
    const caller = callerRedisError(error, what);
    if (caller) return caller;
    const permanent = permanentRedisError(error);
    if (permanent) return brokerRefused(permanent.slice(0, 500));
    if (isConnectionFailure(error)) return this.down(error);
    const text = (error as Error | null)?.message ?? String(error);
    return brokerUnavailable(`${this.where}: ${text}`.slice(0, 500));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.client.disconnect();
  }
}

/**
 * Runs a pipeline and returns each [error, reply]: one command Redis refuses does not fail the others.
 * A command that failed because the connection did (not a reply from Redis) throws that error: its
 * "no reply" must not read as "no such key" (a 404 that would fail a job instead of pausing it).
 */
export async function execPipeline(pipeline: ReturnType<Redis["pipeline"]>): Promise<[Error | null, unknown][]> {
  const replies = await pipeline.exec();
  if (!replies) throw brokerUnavailable("the pipeline was discarded (connection lost)");
  const lost = replies.find(([error]) => error && !isReplyError(error));
  if (lost) throw lost[0];
  return replies as [Error | null, unknown][];
}

/** host:port/db of the URL, never its user or password. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const db = parsed.pathname && parsed.pathname !== "/" ? parsed.pathname : "/0";
    return `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ""}${db}`;
  } catch {
    return "redis (unparseable URL)";
  }
}
