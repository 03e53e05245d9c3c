import { describe, expect, it } from "vitest";
import { SharedReload } from "@/lib/clusters/shared-reload";

// lib/clusters/shared-reload.ts: the stored-cluster list every API request reads (one query per
// request before). A hand-driven clock and reads that finish when the test says so.

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

function harness(maxAgeMs = 2_000) {
  let now = 1_000_000;
  const reads: ReturnType<typeof deferred<string>>[] = [];
  const reload = new SharedReload(
    () => {
      const read = deferred<string>();
      reads.push(read);
      return read.promise;
    },
    maxAgeMs,
    () => now,
  );
  return { reload, reads, advance: (ms: number) => (now += ms) };
}

describe("SharedReload", () => {
  it("gives concurrent callers one read, and reuses its value until it is maxAgeMs old", async () => {
    const { reload, reads, advance } = harness();
    const callers = Array.from({ length: 50 }, () => reload.get());
    expect(reads).toHaveLength(1);
    reads[0]!.resolve("v1");
    expect(await Promise.all(callers)).toEqual(Array(50).fill("v1"));

    advance(1_999);
    expect(await reload.get()).toBe("v1");
    expect(reads).toHaveLength(1);

    advance(1);
    const next = reload.get();
    expect(reads).toHaveLength(2);
    reads[1]!.resolve("v2");
    expect(await next).toBe("v2");
  });

  it("counts the age from when the read began, not when it ended", async () => {
    const { reload, reads, advance } = harness();
    const first = reload.get();
    advance(1_500); // a slow read
    reads[0]!.resolve("v1");
    await first;
    advance(500);
    void reload.get();
    expect(reads).toHaveLength(2);
  });

  it("reads again after invalidate(), and does not keep a read that began before it", async () => {
    const { reload, reads } = harness();
    const before = reload.get(); // began before the change
    reload.invalidate();
    const after = reload.get(); // must not join the stale read
    expect(reads).toHaveLength(2);
    reads[1]!.resolve("new");
    reads[0]!.resolve("old");
    expect(await before).toBe("old");
    expect(await after).toBe("new");
    expect(await reload.get()).toBe("new");
    expect(reads).toHaveLength(2);
  });

  it("keeps nothing when the read that was invalidated finishes last", async () => {
    const { reload, reads } = harness();
    const stale = reload.get();
    reload.invalidate();
    const fresh = reload.get();
    reads[1]!.resolve("new");
    expect(await fresh).toBe("new");
    reads[0]!.resolve("old");
    expect(await stale).toBe("old");
    expect(await reload.get()).toBe("new");
  });

  it("forgets the value on invalidate() even when no read is running", async () => {
    const { reload, reads } = harness();
    const first = reload.get();
    reads[0]!.resolve("v1");
    await first;
    reload.invalidate();
    const second = reload.get();
    expect(reads).toHaveLength(2);
    reads[1]!.resolve("v2");
    expect(await second).toBe("v2");
  });

  it("does not keep a failed read: its waiters get the error, the next call reads again", async () => {
    const { reload, reads } = harness();
    const a = reload.get();
    const b = reload.get();
    reads[0]!.reject(new Error("database is down"));
    await expect(a).rejects.toThrow("database is down");
    await expect(b).rejects.toThrow("database is down");
    const c = reload.get();
    expect(reads).toHaveLength(2);
    reads[1]!.resolve("back");
    expect(await c).toBe("back");
  });
});
