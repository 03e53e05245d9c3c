// The replay dialog's form and the request body it becomes (POST /topics/{topic}/replay): Kafka
// partitions and an offset or time range to a target topic, or a JetStream sequence or time range
// to a subject. Mistakes are named next to their field before anything is sent; the server checks
// again (lib/replay/replay-plan.ts) and stays the judge. Pure, unit-tested (tests/unit/ui-replay-form.test.ts).
import type { ClusterKind } from "@/lib/contract/common";
import type { z } from "zod";
import type { replayBody } from "@/lib/contract/jobs";
import type { PartitionOffsets } from "@/lib/contract/topics";
import { capabilitiesFor } from "./cluster-labels";
import { checkTarget, DEFAULT_REQUEUE_RATE, parseRate } from "./dlq-requeue";
import { formatInteger, pluralize, type TimeZoneChoice } from "./format";
import { parseTimeInput, timeInputValue } from "./time-input";

export type ReplayBoundMode = "offset" | "time";

export interface ReplayForm {
  /** Kafka: "" or "all" for every partition, else a list such as "0, 2, 5-7". JetStream: unused. */
  partitions: string;
  mode: ReplayBoundMode;
  /** Offsets (Kafka) or sequences (JetStream), as typed; both inclusive. */
  fromOffset: string;
  toOffset: string;
  /** Times as the tables show them (lib/client/time-input.ts); `to` is exclusive. */
  fromTime: string;
  toTime: string;
  target: string;
  /** Messages per second, as typed. */
  rate: string;
}

export type ReplayBody = z.input<typeof replayBody>;

export type ReplayField = "partitions" | "from" | "to" | "target" | "rate";
export type BuiltReplay = { ok: true; body: ReplayBody } | { ok: false; field: ReplayField; message: string };

/** The API's bound on listed partitions. */
const MAX_PARTITIONS = 10_000;


/**
 * The form as it opens: the last hour by time (a range that exists on any topic), and offsets that
 * span what the partitions hold now, for whoever switches to offsets.
 */
export function initialReplayForm(partitions: readonly PartitionOffsets[], now: Date, zone: TimeZoneChoice = "utc"): ReplayForm {
  const low = partitions.length > 0 ? Math.min(...partitions.map((p) => p.low)) : 0;
  const high = partitions.length > 0 ? Math.max(...partitions.map((p) => p.high)) : 0;
  return {
    partitions: "all",
    mode: "time",
    fromOffset: String(low),
    toOffset: String(Math.max(low, high - 1)),
    fromTime: timeInputValue(new Date(Math.floor(now.getTime() / 1000) * 1000 - 3_600_000).toISOString(), zone),
    toTime: timeInputValue(new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString(), zone),
    target: "",
    rate: String(DEFAULT_REQUEUE_RATE),
  };
}

/** "all" (or blank) -> every partition; "0, 2, 5-7" -> [0, 2, 5, 6, 7], each checked against the topic. */
export function parsePartitions(text: string, existing: readonly number[]): { ok: true; partitions: number[] | undefined } | { ok: false; message: string } {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "" || trimmed === "all") return { ok: true, partitions: undefined };
  const known = new Set(existing);
  const chosen = new Set<number>();
  for (const part of trimmed.split(/[\s,]+/).filter(Boolean)) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!range) return { ok: false, message: `“${part}” is not a partition number or range (such as 0, 2, 5-7)` };
    const first = Number(range[1]);
    const last = range[2] === undefined ? first : Number(range[2]);
    if (last < first) return { ok: false, message: `The range ${part} runs backwards` };
    if (last - first + chosen.size > MAX_PARTITIONS) return { ok: false, message: `At most ${formatInteger(MAX_PARTITIONS)} partitions` };
    for (let partition = first; partition <= last; partition++) {
      if (!known.has(partition)) return { ok: false, message: `Partition ${partition} does not exist (the topic has ${formatInteger(existing.length)})` };
      chosen.add(partition);
    }
  }
  if (chosen.size === 0) return { ok: false, message: "Choose at least one partition" };
  return { ok: true, partitions: [...chosen].sort((a, b) => a - b) };
}

function parseOffset(text: string, word: string): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim().replace(/[_,\s]/g, "");
  if (trimmed === "") return { ok: false, message: `Enter ${word}` };
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: `${word[0].toUpperCase()}${word.slice(1)} must be a whole number, 0 or more` };
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value)) return { ok: false, message: `${word[0].toUpperCase()}${word.slice(1)} is too large` };
  return { ok: true, value };
}


/** The request body for the form; `dryRun` asks only for the count (the server checks the target too). */
export function buildReplayBody(
  form: ReplayForm,
  options: { clusterKind: ClusterKind | undefined; partitions: readonly number[]; dryRun?: boolean; zone?: TimeZoneChoice },
): BuiltReplay {
  // A log without partitions (a JetStream stream) is replayed by sequence alone.
  const stream = !capabilitiesFor(options.clusterKind).hasPartitions;
  let partitions: number[] | undefined;
  if (!stream) {
    const parsed = parsePartitions(form.partitions, options.partitions);
    if (!parsed.ok) return { ok: false, field: "partitions", message: parsed.message };
    partitions = parsed.partitions;
  }

  let from: ReplayBody["from"];
  let to: ReplayBody["to"];
  if (form.mode === "offset") {
    const word = stream ? "sequence" : "offset";
    const start = parseOffset(form.fromOffset, `a first ${word}`);
    if (!start.ok) return { ok: false, field: "from", message: start.message };
    const end = parseOffset(form.toOffset, `a last ${word}`);
    if (!end.ok) return { ok: false, field: "to", message: end.message };
    if (end.value < start.value) return { ok: false, field: "to", message: `The last ${word} must not be before the first` };
    from = { offset: start.value };
    to = { offset: end.value };
  } else {
    const zone = options.zone ?? "local";
    const startInput = parseTimeInput(form.fromTime, zone);
    if (!startInput) return { ok: false, field: "from", message: "Enter a start date and time" };
    if (!startInput.ok) return { ok: false, field: "from", message: startInput.message };
    const endInput = parseTimeInput(form.toTime, zone);
    if (!endInput) return { ok: false, field: "to", message: "Enter an end date and time" };
    if (!endInput.ok) return { ok: false, field: "to", message: endInput.message };
    const start = startInput.iso;
    const end = endInput.iso;
    if (Date.parse(end) <= Date.parse(start)) return { ok: false, field: "to", message: "The end must be after the start" };
    from = { timestamp: start };
    to = { timestamp: end };
  }

  const target = form.target.trim();
  if (target === "") return { ok: false, field: "target", message: `Enter the ${stream ? "subject" : "topic"} to copy the messages to` };
  const problem = checkTarget(target, options.clusterKind);
  if (problem) return { ok: false, field: "target", message: problem };

  const rate = parseRate(form.rate);
  if (!rate.ok) return { ok: false, field: "rate", message: rate.message };

  return {
    ok: true,
    body: {
      from,
      to,
      ...(partitions ? { partitions } : {}),
      target,
      ...(rate.rate !== undefined ? { ratePerSec: rate.rate } : {}),
      ...(options.dryRun ? { dryRun: true } : {}),
    },
  };
}

/** A stable text for "the request this count was made for": Confirm needs a count of the request it sends. */
export function replayRequestKey(body: ReplayBody): string {
  const { dryRun: _dryRun, ...rest } = body;
  return JSON.stringify(rest);
}

/** The form field a server error names (`field` of a 400), or null. */
export function replayFieldOf(field: string | undefined): ReplayField | null {
  switch (field) {
    case "partitions":
    case "from":
    case "to":
    case "target":
      return field;
    case "ratePerSec":
      return "rate";
    default:
      return null;
  }
}

/** "1,204 messages will be copied to" (the target follows, set apart), or why nothing would be. */
export function replayCountLead(matched: number): string {
  if (matched === 0) return "The range holds no message: nothing would be copied.";
  return `${pluralize(matched, "message")} will be copied to`;
}
