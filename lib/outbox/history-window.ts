import "server-only";
import { storedOutboxHistory } from "./outbox-history";
import type { OutboxSource } from "./outbox-source";
import type { OutboxPoint } from "./types";

const WINDOW_MS: Record<string, number> = { "15m": 15 * 60_000, "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 };

/** Every sample of the last hour from memory; longer windows from the minute points in the database. */
export async function outboxHistory(source: OutboxSource, window: string): Promise<OutboxPoint[]> {
  const ms = WINDOW_MS[window] ?? 3_600_000;
  const from = Date.now() - ms;
  const memory = source.history.filter((point) => Date.parse(point.t) >= from);
  if (ms <= 3_600_000) return memory;
  const oldestInMemory = memory[0] ? Date.parse(memory[0].t) : Date.now();
  const stored = (await storedOutboxHistory(source.id, from)).filter((point) => Date.parse(point.t) < oldestInMemory);
  return [...stored, ...memory];
}
