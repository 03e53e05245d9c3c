// The reset-offsets form of the consumer page (components/consumers/reset-offsets-panel.tsx) as pure
// functions: what the operator typed -> the request body, or the field that is wrong. The server
// checks everything again (lib/consumers/reset-request.ts); this only gives quick, plain feedback.
import type { ResetBody } from "@/lib/consumers/reset-request";
import type { TimeZoneChoice } from "./format";
import { parseTimeInput } from "./time-input";

export type ResetMode = "earliest" | "latest" | "timestamp" | "shift" | "offsets";

export const RESET_MODES: { value: ResetMode; label: string }[] = [
  { value: "earliest", label: "Earliest (oldest retained)" },
  { value: "latest", label: "Latest (skip everything)" },
  { value: "timestamp", label: "A point in time" },
  { value: "shift", label: "Shift by N" },
  { value: "offsets", label: "Specific offsets" },
];

export interface ResetFormState {
  mode: ResetMode;
  /** A time as the tables show it ("2026-01-31 09:30:00 UTC"; without a zone, in the chosen one). */
  time: string;
  /** Whole number as typed; negative goes back. */
  shiftBy: string;
  /** partitionKey(topic, partition) -> offset as typed; empty leaves the partition alone. */
  offsets: Record<string, string>;
  /** Chosen topics; null means every topic of the group. */
  topics: string[] | null;
  /** JetStream: consent to deleting and recreating the durable consumer. */
  recreate: boolean;
}

export const initialResetForm: ResetFormState = { mode: "earliest", time: "", shiftBy: "", offsets: {}, topics: null, recreate: false };

export const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export type BuiltResetBody = { ok: true; body: ResetBody } | { ok: false; field: "time" | "shiftBy" | "offsets" | "topics"; message: string };

/** The request body for the form (without dryRun), or the first problem. */
export function buildResetBody(
  form: ResetFormState,
  allTopics: string[],
  partitions: { topic: string; partition: number }[],
  zone: TimeZoneChoice = "local",
): BuiltResetBody {
  const chosen = form.topics === null ? allTopics : allTopics.filter((topic) => form.topics!.includes(topic));
  if (chosen.length === 0) return { ok: false, field: "topics", message: "Choose at least one topic." };
  const subset = chosen.length < allTopics.length ? { topics: chosen } : {};
  const extra = form.recreate ? { recreate: true } : {};
  switch (form.mode) {
    case "earliest":
    case "latest":
      return { ok: true, body: { to: form.mode, ...subset, ...extra } };
    case "timestamp": {
      const at = parseTimeInput(form.time, zone);
      if (!at) return { ok: false, field: "time", message: "Choose a date and time." };
      if (!at.ok) return { ok: false, field: "time", message: at.message };
      return { ok: true, body: { to: { timestamp: at.iso }, ...subset, ...extra } };
    }
    case "shift": {
      const text = form.shiftBy.trim();
      if (!/^[-+]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
        return { ok: false, field: "shiftBy", message: "Enter a whole number of messages: negative goes back, positive skips ahead." };
      }
      return { ok: true, body: { to: { shiftBy: Number(text) }, ...subset, ...extra } };
    }
    case "offsets": {
      const offsets: { topic: string; partition: number; offset: number }[] = [];
      for (const { topic, partition } of partitions) {
        if (!chosen.includes(topic)) continue;
        const text = (form.offsets[partitionKey(topic, partition)] ?? "").trim();
        if (text === "") continue;
        if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
          return { ok: false, field: "offsets", message: `"${topic}" partition ${partition}: an offset is a whole number ≥ 0.` };
        }
        offsets.push({ topic, partition, offset: Number(text) });
      }
      if (offsets.length === 0) return { ok: false, field: "offsets", message: "Enter an offset for at least one partition." };
      return { ok: true, body: { to: { offsets }, ...extra } };
    }
  }
}

/** Two bodies ask for the same reset (a preview stays valid for Apply only while this holds). */
export function sameReset(a: ResetBody | undefined, b: ResetBody | undefined): boolean {
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}
