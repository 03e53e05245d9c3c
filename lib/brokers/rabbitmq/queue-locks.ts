import "server-only";

// One reader of a queue at a time within this process. A browse takes every message above its page
// and gives them back at the end, and a scan or a discard pass holds what it read until it closes
// its channel: a second read of the same queue meanwhile finds those messages gone and would show the
// queue shorter, or empty. Reads of one queue therefore wait for each other; other queues are not held
// up. (A requeue job's reader holds its messages for the whole job and is not serialized here: a
// browse then says how many messages are held instead of showing the queue as empty, see
// rabbitmq-connector.ts.)

export class QueueLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `work` once every earlier holder of `key` is done (whether it succeeded or failed), or has
   * held the queue for `maxHoldMs`: a read stuck on a dead channel must not block the queue forever.
   */
  async exclusive<T>(key: string, work: () => Promise<T>, maxHoldMs = 130_000): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    const stuck = setTimeout(release, maxHoldMs);
    try {
      return await work();
    } finally {
      clearTimeout(stuck);
      release();
      // The last one out forgets the queue, so the map holds only queues being read.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
