import { describe, expect, it } from "vitest";
import type { ClusterSnapshot } from "@/lib/brokers/types";
import { deriveCycle, type CommitTracker, type CycleFigures, newCommitTracker } from "@/lib/metrics/derive-cycle";
import { createSeriesBook } from "@/lib/metrics/sampler";

// The demo's billing-slow, by hand: order.paid has 3 partitions written at 5.2 msg/s in total; one member
// handles 1 msg/s, a batch of one partition at a time (kafkajs), and auto-commits every 5 s. So each
// partition sees commits for a few minutes, then none while the member works on the other two.
function billingSlow(seconds: number, batch = 120): ClusterSnapshot {
  const produced = (p: number) => Math.floor((seconds * 5.2) / 3) + p; // per partition
  const committedSeconds = Math.floor(seconds / 5) * 5; // auto-commit every 5 s
  // Messages handled so far, and which batch (partition) the member is in: batch after batch.
  const handled = (upTo: number) => {
    const per = [0, 0, 0];
    for (let done = 0; done < upTo; done += batch) per[(done / batch) % 3] += Math.min(batch, upTo - done);
    return per;
  };
  const consumed = handled(committedSeconds);
  const partitions = [0, 1, 2].map((partition) => {
    const high = 10_000 + produced(partition);
    const committed = 9_000 + consumed[partition];
    return { topic: "order.paid", partition, committed, high, lag: high - committed };
  });
  return {
    at: 1_800_000_000_000 + seconds * 1000,
    topics: [{ name: "order.paid", bytes: null, partitions: partitions.map((p) => ({ partition: p.partition, low: 0, high: p.high, messages: p.high })) }],
    consumers: [
      { group: "billing-slow", state: "Stable", members: 1, topics: ["order.paid"], lag: partitions.reduce((sum, p) => sum + p.lag, 0), partitions },
    ],
  };
}

function sample(untilSeconds: number, intervalSeconds: number, snapshotAt: (seconds: number) => ClusterSnapshot = billingSlow) {
  const book = createSeriesBook(intervalSeconds * 1000);
  const commits: CommitTracker = newCommitTracker();
  const seen: CycleFigures[] = [];
  for (let s = 0; s <= untilSeconds; s += intervalSeconds) seen.push(deriveCycle(book, snapshotAt(s), commits, { intervalMs: intervalSeconds * 1000 }));
  return seen;
}

describe("a slow consumer that is consuming", () => {
  for (const interval of [1, 5]) {
    // 1,500 derivation cycles at a 1 s interval: about 1.5 s on a quiet machine, beyond Vitest's
    // default 5 s when the 2 cores are shared with other work, hence the explicit timeout.
    it(`is WARN, falling behind with both rates, never ERR or STOP once the rates are known (sampled every ${interval} s)`, { timeout: 60_000 }, () => {
      const cycles = sample(1_500, interval);
      const settled = cycles.filter((figures) => figures.t >= 1_800_000_000_000 + 90_000);
      for (const figures of settled) {
        const group = figures.groups.get("billing-slow")!;
        expect(group.status, group.reason).toBe("WARN");
        for (const partition of group.partitions) expect(partition.status, partition.reason).not.toBe("STOP");
      }
      const last = cycles[cycles.length - 1].groups.get("billing-slow")!;
      expect(last.reason).toMatch(/^consuming 1\.0 msg\/s, producing 5\.2 msg\/s: falling behind by 4\.2 msg\/s$/);
      expect(last.consumeRate).toBeCloseTo(1, 0);
      expect(last.drainSeconds).toBeNull();
      // The partitions waiting for the member say which partition and why.
      const waiting = last.partitions.filter((p) => /keeps committing on its other partitions/.test(p.reason));
      expect(waiting.length).toBeGreaterThan(0);
      for (const p of waiting) expect(p.reason).toMatch(new RegExp(`^order\\.paid partition ${p.partition}: no commit for`));
    });
  }

  it("a JetStream pull consumer acking 2 msg/s on a stream written at 5 msg/s is WARN, falling behind", () => {
    const stream = (seconds: number): ClusterSnapshot => {
      const high = 1 + Math.floor(seconds * 5);
      const committed = 1 + Math.floor(seconds * 2);
      return {
        at: 1_800_000_000_000 + seconds * 1000,
        topics: [{ name: "ORDERS", bytes: null, partitions: [{ partition: 0, low: 1, high, messages: high - 1 }] }],
        consumers: [{ group: "ORDERS.billing-slow", state: "Idle", members: 0, topics: ["ORDERS"], lag: high - committed, partitions: [{ topic: "ORDERS", partition: 0, committed, high, lag: high - committed }] }],
      };
    };
    const group = sample(300, 5, stream).at(-1)!.groups.get("ORDERS.billing-slow")!;
    expect(group).toMatchObject({ status: "WARN", reason: "consuming 2.0 msg/s, producing 5.0 msg/s: falling behind by 3.0 msg/s" });
    expect(group.partitions[0].reason).toMatch(/^ORDERS partition 0: consuming, but lag grew/);
  });

  it("a group whose every partition stopped committing is still ERR, naming a partition", () => {
    const stopped = (seconds: number) => billingSlow(Math.min(seconds, 200));
    const moving = (seconds: number): ClusterSnapshot => {
      const snapshot = { ...stopped(seconds), at: 1_800_000_000_000 + seconds * 1000 };
      // The producers carry on; the consumer does not.
      for (const topic of snapshot.topics) for (const p of topic.partitions) p.high = p.messages = 20_000 + seconds;
      const consumer = snapshot.consumers[0];
      for (const p of consumer.partitions) {
        p.high = 20_000 + seconds;
        p.lag = p.high - p.committed!;
      }
      consumer.lag = consumer.partitions.reduce((sum, p) => sum + p.lag, 0);
      return snapshot;
    };
    const group = sample(1_200, 5, moving).at(-1)!.groups.get("billing-slow")!;
    expect(group.status, JSON.stringify(group.partitions.map((p) => [p.status, p.reason]))).toBe("ERR");
    expect(group.reason).toMatch(/^order\.paid partition \d: no commit for/);
  });
});
