import { describe, expect, it } from "vitest";
import { QueueLocks } from "@/lib/brokers/rabbitmq/queue-locks";

// Reads of one RabbitMQ queue run one at a time (queue-locks.ts); other queues are not held up, a
// failed read releases the queue, and a read stuck past its hold time does not block it forever.

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("QueueLocks", () => {
  it("runs the reads of one queue one after another, other queues alongside", async () => {
    const locks = new QueueLocks();
    const log: string[] = [];
    const read = (key: string, name: string) =>
      locks.exclusive(key, async () => {
        log.push(`${name} start`);
        await tick();
        log.push(`${name} end`);
        return name;
      });
    const results = await Promise.all([read("q", "a"), read("q", "b"), read("other", "x"), read("q", "c")]);
    expect(results).toEqual(["a", "b", "x", "c"]);
    const onQ = log.filter((entry) => !entry.startsWith("x"));
    expect(onQ).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
    // x ran while a held q.
    expect(log.indexOf("x start")).toBeLessThan(log.indexOf("a end"));
  });

  it("a failed read releases the queue for the next", async () => {
    const locks = new QueueLocks();
    const failed = locks.exclusive("q", async () => {
      throw new Error("channel closed");
    });
    await expect(failed).rejects.toThrow("channel closed");
    await expect(locks.exclusive("q", async () => "next")).resolves.toBe("next");
  });

  it("a read that never ends holds the queue only for its hold time", async () => {
    const locks = new QueueLocks();
    void locks.exclusive("q", () => new Promise(() => undefined), 20);
    await expect(locks.exclusive("q", async () => "after the hold time")).resolves.toBe("after the hold time");
  });
});
