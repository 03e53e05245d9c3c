// The requeue dialog's form and the request body it becomes (POST /dlq/{topic}/requeue), checked
// here first so most mistakes are named next to their field before anything is sent. The server
// checks again (lib/dlq/requeue-params.ts) and stays the judge. Pure, unit-tested
// (tests/unit/ui-dlq-requeue.test.ts).
import type { ClusterKind } from "@/lib/contract/common";
import type { DlqMessage, DlqTargetSelector, RequeueBody } from "@/lib/contract/dlq";
import { capabilitiesFor, vocabularyFor } from "./cluster-labels";
import { formatInteger, pluralize } from "./format";

/** The API's default and bounds for `ratePerSec`. */
export const DEFAULT_REQUEUE_RATE = 10_000;
export const MAX_REQUEUE_RATE = 100_000;
const MAX_TARGET_LENGTH = 300;
const MAX_HEADER_NAME_LENGTH = 300;
const MAX_HEADER_VALUE_LENGTH = 10_000;
const MAX_SET_HEADERS = 100;
const MAX_VALUE_BYTES = 1024 * 1024;

export interface HeaderRow {
  name: string;
  value: string;
}

export interface RequeueForm {
  /** "" sends every message back to its own original topic (JetStream: original subject). */
  target: string;
  /** Messages per second, as typed. */
  rate: string;
  dropHeaders: string[];
  setHeaders: HeaderRow[];
  /** Only offered for a single message. */
  editValue: boolean;
  value: string;
  /** "Requeue and clear the record": delete the events' idempotency records first (chosen messages only). */
  clearRecords: boolean;
}

export function initialRequeueForm(single?: Pick<DlqMessage, "value" | "encoding"> | null, options: { clearRecords?: boolean } = {}): RequeueForm {
  return {
    clearRecords: options.clearRecords ?? false,
    target: "",
    rate: String(DEFAULT_REQUEUE_RATE),
    dropHeaders: [],
    setHeaders: [],
    editValue: false,
    value: single && single.encoding !== "base64" ? (single.value ?? "") : "",
  };
}

export type RequeueField = "target" | "rate" | "setHeaders" | "value" | "clearRecords";

/** The API's bound on messages whose records are cleared in one requeue. */
export const MAX_CLEAR_RECORD_IDS = 1_000;

/** Messages of a selection whose event has an idempotency record (a requeued copy would be skipped). */
export function messagesWithRecords(messages: readonly Pick<DlqMessage, "processed">[]): number {
  return messages.filter((message) => Boolean(message.processed)).length;
}

export type BuiltRequeue = { ok: true; body: RequeueBody } | { ok: false; field: RequeueField; message: string };

/** Why the value of this message cannot be edited, or null when it can. */
export function valueEditBlocker(message: Pick<DlqMessage, "encoding" | "truncated" | "value"> | null): string | null {
  if (!message) return "The value can be edited when exactly one message is requeued.";
  if (message.encoding === "base64") return "The value is binary; it can only be sent as it is.";
  if (message.truncated) return "The server showed only the start of this value; editing it would lose the rest.";
  return null;
}

export function checkTarget(target: string, clusterKind: ClusterKind | undefined): string | null {
  if (target.length > MAX_TARGET_LENGTH) return `The target is too long (at most ${MAX_TARGET_LENGTH} characters)`;
  if (/\s/.test(target)) return "The target cannot contain spaces";
  // Subjects have wildcards; a requeue publishes to one subject.
  if (capabilitiesFor(clusterKind).hasSubjects && /[*>]/.test(target)) return "The target subject cannot contain the wildcards * or >";
  return null;
}

/** A whole number of messages per second within the API's bounds, or an explanation. */
export function parseRate(text: string): { ok: true; rate: number | undefined } | { ok: false; message: string } {
  const trimmed = text.trim().replace(/[_,\s]/g, "");
  if (trimmed === "") return { ok: true, rate: undefined };
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: "The rate must be a whole number of messages per second" };
  const rate = Number(trimmed);
  if (rate < 1 || rate > MAX_REQUEUE_RATE) {
    return { ok: false, message: `The rate must be between 1 and ${formatInteger(MAX_REQUEUE_RATE)} messages per second` };
  }
  return { ok: true, rate };
}

/** The header rows to set, as the API's object; rows left entirely blank are ignored. */
export function headersToSet(rows: readonly HeaderRow[]): { ok: true; headers: Record<string, string> } | { ok: false; message: string } {
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    if (name === "" && row.value === "") continue;
    if (name === "") return { ok: false, message: "Every header to set needs a name" };
    if (name.length > MAX_HEADER_NAME_LENGTH) return { ok: false, message: `Header name “${name.slice(0, 40)}…” is too long` };
    if (row.value.length > MAX_HEADER_VALUE_LENGTH) return { ok: false, message: `The value of header “${name}” is too long` };
    const lower = name.toLowerCase();
    if (seen.has(lower)) return { ok: false, message: `Header “${name}” is set twice` };
    seen.add(lower);
    headers[name] = row.value;
  }
  if (seen.size > MAX_SET_HEADERS) return { ok: false, message: `At most ${MAX_SET_HEADERS} headers can be set` };
  return { ok: true, headers };
}

/**
 * The request body for `selector` and the dialog's form. `dryRun` asks only for the count (the
 * options are still sent, so the server checks them too). An edited value needs exactly one id.
 */
export function buildRequeueBody(
  selector: DlqTargetSelector,
  form: RequeueForm,
  options: { dryRun?: boolean; clusterKind?: ClusterKind } = {},
): BuiltRequeue {
  const body: RequeueBody = "ids" in selector ? { ids: [...selector.ids] } : "filter" in selector ? { filter: { ...selector.filter } } : { all: true };
  if ("ids" in body && body.ids.length === 0) return { ok: false, field: "target", message: "No message is selected" };
  if (options.dryRun) body.dryRun = true;

  const target = form.target.trim();
  if (target !== "") {
    const problem = checkTarget(target, options.clusterKind);
    if (problem) return { ok: false, field: "target", message: problem };
    body.target = target;
  }

  const rate = parseRate(form.rate);
  if (!rate.ok) return { ok: false, field: "rate", message: rate.message };
  if (rate.rate !== undefined) body.ratePerSec = rate.rate;

  const drop = [...new Set(form.dropHeaders.map((name) => name.trim()).filter((name) => name !== ""))];
  if (drop.length > 0) body.dropHeaders = drop;

  const set = headersToSet(form.setHeaders);
  if (!set.ok) return { ok: false, field: "setHeaders", message: set.message };
  if (Object.keys(set.headers).length > 0) body.setHeaders = set.headers;

  if (form.editValue) {
    if (!("ids" in body) || body.ids.length !== 1) {
      return { ok: false, field: "value", message: "The value can only be edited when exactly one message is requeued" };
    }
    if (new TextEncoder().encode(form.value).length > MAX_VALUE_BYTES) {
      return { ok: false, field: "value", message: "The edited value is larger than 1 MB" };
    }
    body.value = form.value;
  }

  if (form.clearRecords) {
    if (!("ids" in body)) return { ok: false, field: "clearRecords", message: "Idempotency records can only be cleared for chosen messages" };
    if (body.ids.length > MAX_CLEAR_RECORD_IDS) {
      return { ok: false, field: "clearRecords", message: `Records can be cleared for at most ${formatInteger(MAX_CLEAR_RECORD_IDS)} messages at once` };
    }
    body.clearIdempotencyRecords = true;
  }
  return { ok: true, body };
}

/** Which form field a server error is about (`field` of a 400), for showing it in place. */
export function requeueFieldOf(serverField: string | undefined): RequeueField | null {
  switch (serverField) {
    case "target":
      return "target";
    case "ratePerSec":
      return "rate";
    case "setHeaders":
    case "dropHeaders":
      return "setHeaders";
    case "value":
      return "value";
    case "clearIdempotencyRecords":
      return "clearRecords";
    default:
      return null;
  }
}

// ---------- Words for the dialog ----------

/** Where the messages go: the target, or their own original topic(s)/subject(s). */
export function describeDestination(options: {
  target: string;
  clusterKind?: ClusterKind;
  /** Original topics (or subjects) known for the messages in scope. */
  originals: readonly string[];
}): string {
  const target = options.target.trim();
  if (target !== "") return target;
  const originals = [...new Set(options.originals.filter((name) => name !== ""))].sort();
  const noun = vocabularyFor(options.clusterKind).target;
  if (originals.length === 1) return originals[0]!;
  if (originals.length === 0) return `each message's original ${noun}`;
  const shown = originals.slice(0, 3).join(", ");
  return `their original ${noun}s (${shown}${originals.length > 3 ? `, +${originals.length - 3}` : ""})`;
}

/** Where one message goes back to when no target is given. */
export function originalDestinationOf(message: Pick<DlqMessage, "originalSubject" | "originalTopic">, clusterKind?: ClusterKind): string | null {
  if (capabilitiesFor(clusterKind).hasSubjects) return message.originalSubject ?? message.originalTopic ?? null;
  return message.originalTopic ?? null;
}

/** "1 message will be sent to orders.created" */
export function dryRunSentence(matched: number, destination: string): string {
  return `${pluralize(matched, "message")} will be sent to ${destination}`;
}
