import "server-only";
import { DomainError } from "@/lib/errors";
import { failureFromError, failureFromStatus, managementPortLabel } from "./management-errors";
import {
  BINDING_COLUMNS,
  EXCHANGE_COLUMNS,
  QUEUE_COLUMNS,
  type BindingRow,
  type ExchangeRow,
  type OverviewAnswer,
  type QueueRow,
  type VhostRow,
} from "./management-types";

export interface ManagementClientOptions {
  /** http://127.0.0.1:15672, or a prefix behind a proxy (https://ops.example/rabbitmq). */
  baseUrl: string;
  user: string;
  pass: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
/** A listing of 1,000+ queues with stats is one big answer: allowed longer than a single object. */
const LISTING_TIMEOUT_MS = 15_000;
/** Answers bigger than this are refused rather than parsed (a broker with an absurd object count). */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * The RabbitMQ management HTTP API, read-only, as Eventscope uses it: one batched listing per kind
 * of object (never one call per queue), only the columns it needs, a timeout on every call, and
 * failures turned into domain errors with a plain reason ("management API on :15672 refused: 401").
 */
export class ManagementClient {
  private readonly base: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: ManagementClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
    this.authorization = `Basic ${Buffer.from(`${options.user}:${options.pass}`).toString("base64")}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  overview(): Promise<OverviewAnswer> {
    return this.get<OverviewAnswer>("/api/overview", "the overview");
  }

  vhosts(): Promise<VhostRow[]> {
    return this.get<VhostRow[]>("/api/vhosts?columns=name", "the vhost listing");
  }

  /** Every queue of every vhost the user may see, in one call; `vhost` narrows it to one. */
  queues(vhost?: string): Promise<QueueRow[]> {
    const path = vhost === undefined ? "/api/queues" : `/api/queues/${encodeURIComponent(vhost)}`;
    return this.get<QueueRow[]>(`${path}?columns=${QUEUE_COLUMNS.join(",")}`, vhost === undefined ? "the queue listing" : `vhost ${vhost}`, LISTING_TIMEOUT_MS);
  }

  /** One queue; 404 (not-found) when the vhost or the queue does not exist. */
  queue(vhost: string, name: string): Promise<QueueRow> {
    return this.get<QueueRow>(
      `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}?columns=${QUEUE_COLUMNS.join(",")}`,
      `queue ${JSON.stringify(name)} in vhost ${JSON.stringify(vhost)}`,
    );
  }

  /** One exchange; 404 (not-found) when the vhost or the exchange does not exist. */
  exchange(vhost: string, name: string): Promise<ExchangeRow> {
    return this.get<ExchangeRow>(`/api/exchanges/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`, `exchange ${JSON.stringify(name)} in vhost ${JSON.stringify(vhost)}`);
  }

  exchanges(): Promise<ExchangeRow[]> {
    return this.get<ExchangeRow[]>(`/api/exchanges?columns=${EXCHANGE_COLUMNS.join(",")}`, "the exchange listing", LISTING_TIMEOUT_MS);
  }

  bindings(): Promise<BindingRow[]> {
    return this.get<BindingRow[]>(`/api/bindings?columns=${BINDING_COLUMNS.join(",")}`, "the binding listing", LISTING_TIMEOUT_MS);
  }

  private async get<T>(path: string, what: string, timeoutMs = this.timeoutMs): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        headers: { authorization: this.authorization, accept: "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
      });
    } catch (error) {
      const failure = failureFromError(this.options.baseUrl, error, timeoutMs);
      throw new DomainError(failure.code, failure.reason);
    }
    if (!response.ok) {
      const body = await response.text().catch(() => "");
      const failure = failureFromStatus(this.options.baseUrl, response.status, what, body.slice(0, 2_000));
      throw new DomainError(failure.code, failure.reason);
    }
    const length = Number(response.headers.get("content-length") ?? 0);
    if (length > MAX_ANSWER_BYTES) {
      await response.body?.cancel().catch(() => undefined);
      throw new DomainError("broker-refused", `${what} is ${length} bytes, more than Eventscope reads (${MAX_ANSWER_BYTES})`);
    }
    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      const failure = failureFromError(this.options.baseUrl, error, timeoutMs);
      throw new DomainError(failure.code, failure.reason);
    }
    try {
      return JSON.parse(body) as T;
    } catch {
      throw new DomainError("broker-unavailable", `management API on ${managementPortLabel(this.options.baseUrl)}: ${what} was not JSON (is ${this.options.baseUrl} the management API?)`);
    }
  }
}
