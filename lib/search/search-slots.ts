// How many searches one server process runs at once. Each search can hold tens of megabytes of
// fetched data (Kafka: up to 32 MB per Fetch, with the next one in flight) for up to ~10 s, so
// searches beyond the bound are refused (429) rather than queued: queued requests would hold their
// sockets and the caller would not know why the answer is slow. Pure, so the rule is unit-tested.

export const DEFAULT_MAX_CONCURRENT_SEARCHES = 4;
const MOST_CONCURRENT_SEARCHES = 1_000;
/** What a refused caller is told to wait (Retry-After): about the time a search takes. */
export const SEARCH_RETRY_AFTER_SECONDS = 5;

export interface SearchSlots {
  readonly max: number;
  readonly running: number;
  /** A release function when a slot was free (call it exactly once when the search ends), else null. */
  tryTake(): (() => void) | null;
}

export function createSearchSlots(max: number): SearchSlots {
  let running = 0;
  return {
    max,
    get running() {
      return running;
    },
    tryTake() {
      if (running >= max) return null;
      running++;
      let released = false;
      // Idempotent: a second call (a finally after a catch that already released) cannot free a slot twice.
      return () => {
        if (released) return;
        released = true;
        running--;
      };
    },
  };
}

/**
 * EVENTSCOPE_MAX_CONCURRENT_SEARCHES: a whole number from 1 to 1000; unset means the default.
 * A bad value is reported (the caller logs it once) and the default is used instead of failing
 * every search.
 */
export function parseMaxConcurrentSearches(raw: string | undefined): { max: number; problem?: string } {
  if (raw === undefined || raw.trim() === "") return { max: DEFAULT_MAX_CONCURRENT_SEARCHES };
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < 1 || value > MOST_CONCURRENT_SEARCHES) {
    return {
      max: DEFAULT_MAX_CONCURRENT_SEARCHES,
      problem: `EVENTSCOPE_MAX_CONCURRENT_SEARCHES=${JSON.stringify(raw)} is not a whole number from 1 to ${MOST_CONCURRENT_SEARCHES}; using ${DEFAULT_MAX_CONCURRENT_SEARCHES}`,
    };
  }
  return { max: value };
}

export function searchesBusyMessage(max: number): string {
  return `${max} search${max === 1 ? " is" : "es are"} already running; try again in a few seconds`;
}
