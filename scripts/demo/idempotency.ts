// Idempotent consumers, as in the seed articles: SET processed:<id> <record> NX EX 3600.
import Redis from "ioredis";

export const PROCESSED_PREFIX = "processed:";
export const PROCESSED_TTL_SECONDS = 3600;

export class IdempotencyStore {
  readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 3,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    // ioredis emits "error" while reconnecting; without a listener Node prints a stack per attempt.
    this.redis.on("error", () => {});
  }

  async connect(): Promise<void> {
    await this.redis.connect();
    await this.redis.ping();
  }

  /**
   * Claims an event id for a consumer. true: first time, go on and process it.
   * false: already processed (a duplicate), skip it.
   */
  async claim(eventId: string, consumer: string): Promise<boolean> {
    const record = JSON.stringify({ consumer, processedAt: new Date().toISOString() });
    const result = await this.redis.set(PROCESSED_PREFIX + eventId, record, "EX", PROCESSED_TTL_SECONDS, "NX");
    return result === "OK";
  }

  /** Gives a claim back when processing failed, so a retry is not mistaken for a duplicate. */
  async release(eventId: string): Promise<void> {
    await this.redis.del(PROCESSED_PREFIX + eventId);
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}
