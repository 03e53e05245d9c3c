import "server-only";
import { persistOutboxMinute } from "./outbox-history";
import { listOutboxSources } from "./registry";

// Samples every outbox source on its interval (the clusters' sampling interval, 5 s by default),
// whatever the number of viewers: the figures, the in-memory history and a point a minute in the
// database. Not in serverless mode: there the routes sample on read (OutboxSource.detail()).

const TICK_MS = 1_000;
interface SamplerState {
  timer?: NodeJS.Timeout;
  due: Map<string, number>;
  busy: Set<string>;
}
const globalState = globalThis as typeof globalThis & { __eventscopeOutboxSampler?: SamplerState };
const state: SamplerState = (globalState.__eventscopeOutboxSampler ??= { due: new Map(), busy: new Set() });

async function tick(): Promise<void> {
  let sources;
  try {
    sources = listOutboxSources();
  } catch (error) {
    // A broken config file is reported where it is loaded; sampling resumes once it is fixed.
    void error;
    return;
  }
  const now = Date.now();
  for (const source of sources) {
    if (state.busy.has(source.id) || (state.due.get(source.id) ?? 0) > now) continue;
    state.busy.add(source.id);
    state.due.set(source.id, now + source.intervalMs);
    void source
      .sample()
      .then((detail) => persistOutboxMinute(detail))
      .catch((error) => console.error(`[eventscope] outbox ${source.id} sample:`, error))
      .finally(() => state.busy.delete(source.id));
  }
}

export function startOutboxSampling(): void {
  if (state.timer) return;
  state.timer = setInterval(() => void tick(), TICK_MS);
  state.timer.unref?.();
  void tick();
}

export function stopOutboxSampling(): void {
  clearInterval(state.timer);
  state.timer = undefined;
}
