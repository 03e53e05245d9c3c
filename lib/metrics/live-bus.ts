// Sampled figures fan out to every SSE client from here; the broker is asked once per cycle however
// many browsers watch. A short replay buffer lets a reconnecting client resume with Last-Event-ID.
import type { LiveEvent } from "@/lib/contract/system";

// The event's shape is the contract's (GET /api/v1/live's `data:`), so what the sampler publishes and
// what the browser reads cannot drift apart (they did: lag was number here and number | null there).
export type { LiveEvent };

type Listener = (event: LiveEvent) => void;

function entriesOf(event: LiveEvent): number {
  return event.topics.length + event.consumers.length;
}

export class LiveBus {
  private nextId = 1;
  private readonly recent: LiveEvent[] = [];
  private readonly listeners = new Set<Listener>();

  /** Topics and groups in the buffered events (what their memory grows with). */
  private recentEntries = 0;

  // Replay is for a browser reconnecting after a blip (EventSource retries within seconds), not for
  // history: each event holds every topic and group of a cluster, so a long buffer is most of the
  // heap on a large cluster. 24 events is 2 minutes at the default 5 s interval; on a cluster of
  // 1,000 topics and 2,000 groups, `keepEntries` keeps 6 (30 s, about 3 MB instead of 20).
  constructor(
    private readonly keep = 24,
    private readonly keepEntries = 20_000,
  ) {}

  publish(event: Omit<LiveEvent, "id">): LiveEvent {
    const full = { ...event, id: this.nextId++ };
    this.recent.push(full);
    this.recentEntries += entriesOf(full);
    // The newest event stays whatever its size: a client that missed one cycle gets it back.
    while (this.recent.length > this.keep || (this.recent.length > 1 && this.recentEntries > this.keepEntries)) {
      this.recentEntries -= entriesOf(this.recent.shift()!);
    }
    for (const listener of this.listeners) listener(full);
    return full;
  }

  /** Events after `lastId` still in the buffer, oldest first. */
  since(lastId: number): LiveEvent[] {
    return this.recent.filter((event) => event.id > lastId);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
