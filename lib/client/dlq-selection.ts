// Which DLQ messages the operator ticked. Kept by id, across pages of one filter, with the message
// itself (a single selection offers its value for editing; header names feed the requeue dialog).
// Only pending messages can be requeued or discarded, so only they can be selected.
// Pure functions over an immutable Map, unit-tested (tests/unit/ui-dlq-selection.test.ts).
import type { DlqMessage } from "@/lib/contract/dlq";

export type DlqSelection = ReadonlyMap<string, DlqMessage>;

export const EMPTY_SELECTION: DlqSelection = new Map();

export type PageSelectionState = "none" | "some" | "all";

export function isSelectable(message: Pick<DlqMessage, "status">): boolean {
  return message.status === "pending";
}

/** Ticks or unticks one message (`checked` omitted: toggles). Non-pending messages are never added. */
export function toggleSelected(selection: DlqSelection, message: DlqMessage, checked?: boolean): DlqSelection {
  const want = checked ?? !selection.has(message.id);
  if (want === selection.has(message.id)) return selection;
  const next = new Map(selection);
  if (want) {
    if (!isSelectable(message)) return selection;
    next.set(message.id, message);
  } else {
    next.delete(message.id);
  }
  return next;
}

/** The page's "select all" box: ticks every selectable message on the page, or unticks them all. */
export function setPageSelected(selection: DlqSelection, messages: readonly DlqMessage[], checked: boolean): DlqSelection {
  const next = new Map(selection);
  for (const message of messages) {
    if (checked && isSelectable(message)) next.set(message.id, message);
    if (!checked) next.delete(message.id);
  }
  return next.size === selection.size && [...next.keys()].every((id) => selection.has(id)) ? selection : next;
}

/** State of the page's "select all" box: how many of the page's selectable messages are ticked. */
export function pageSelectionState(selection: DlqSelection, messages: readonly DlqMessage[]): PageSelectionState {
  const selectable = messages.filter(isSelectable);
  if (selectable.length === 0) return "none";
  const ticked = selectable.filter((message) => selection.has(message.id)).length;
  if (ticked === 0) return "none";
  return ticked === selectable.length ? "all" : "some";
}

/**
 * Brings the selection up to date with a freshly read page: a selected message that is no longer
 * pending (requeued or discarded meanwhile, maybe by someone else) leaves the selection.
 */
export function reconcileSelection(selection: DlqSelection, fresh: readonly DlqMessage[]): DlqSelection {
  let next: Map<string, DlqMessage> | null = null;
  for (const message of fresh) {
    if (!selection.has(message.id)) continue;
    next ??= new Map(selection);
    if (isSelectable(message)) next.set(message.id, message);
    else next.delete(message.id);
  }
  if (!next) return selection;
  const changed = next.size !== selection.size || [...next].some(([id, message]) => selection.get(id) !== message);
  return changed ? next : selection;
}

export function selectedIds(selection: DlqSelection): string[] {
  return [...selection.keys()];
}

export function selectedMessages(selection: DlqSelection): DlqMessage[] {
  return [...selection.values()];
}

/** The one selected message, or null when none or several are selected. */
export function singleSelected(selection: DlqSelection): DlqMessage | null {
  if (selection.size !== 1) return null;
  return selection.values().next().value ?? null;
}

// ---------- Header names, for "drop headers" ----------

// Headers a dead-lettering service adds to say why and where from (Eventscope, Spring Kafka,
// Kafka Connect). Sending them back with a requeued message is usually unwanted.
const ENVELOPE_PREFIXES = ["x-original-", "x-error", "x-exception", "kafka_dlt-", "__connect.errors."];
const ENVELOPE_NAMES = ["x-attempts", "x-retry-count", "x-eventscope-requeue-id", "x-eventscope-requeued-from"];

export function isEnvelopeHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return ENVELOPE_NAMES.includes(lower) || ENVELOPE_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/** Every header name seen on `messages`: envelope headers first, then the rest, each alphabetically. */
export function headerNamesOf(messages: Iterable<Pick<DlqMessage, "headers">>): string[] {
  const names = new Set<string>();
  for (const message of messages) for (const name of Object.keys(message.headers ?? {})) names.add(name);
  return [...names].sort((a, b) => {
    const envelope = Number(isEnvelopeHeader(b)) - Number(isEnvelopeHeader(a));
    return envelope !== 0 ? envelope : a.localeCompare(b);
  });
}
