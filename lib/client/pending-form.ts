// The pending-entries panel's inputs, checked in the browser for what they will do before any call
// (the server checks again): the consumer a claim gives entries to, and "idle longer than N".
// Pure, no React.

import { MAX_CONSUMER_NAME, MAX_IDLE_MS, MAX_SELECTED_IDS } from "@/lib/consumers/pending-limits";

export { MAX_CONSUMER_NAME };
export const MAX_SELECTED = MAX_SELECTED_IDS;

export const IDLE_UNITS = { s: 1_000, min: 60_000, h: 3_600_000 } as const;
export type IdleUnit = keyof typeof IDLE_UNITS;

/** Why `name` cannot be claimed to (null: fine). A typo would create a new consumer, so be strict. */
export function consumerNameProblem(name: string): string | null {
  if (name === "") return "Name the consumer that gets the entries";
  if (name.length > MAX_CONSUMER_NAME) return `At most ${MAX_CONSUMER_NAME} characters`;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return "Contains a control character";
  if (name.trim() !== name) return "Starts or ends with a space";
  return null;
}

/** "idle longer than N unit" in ms, or a sentence saying why not. */
export function parseIdle(value: string, unit: IdleUnit): { ms: number } | { problem: string } {
  const text = value.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return { problem: "A positive number" };
  const ms = Math.round(Number(text) * IDLE_UNITS[unit]);
  if (!(ms >= 1)) return { problem: "Above 0: every entry, busy ones included, is not a selection" };
  if (ms > MAX_IDLE_MS) return { problem: "At most 365 days" };
  return { ms };
}

/** "delivered at least N times" for a dead-letter move, or a sentence saying why not. */
export function parseDeliveries(value: string): { count: number } | { problem: string } {
  const text = value.trim();
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) return { problem: "A whole number, 1 or more" };
  return { count: Number(text) };
}
