import { describe, expect, it } from "vitest";
import type { DlqMessage } from "@/lib/contract/dlq";
import {
  EMPTY_SELECTION,
  headerNamesOf,
  isEnvelopeHeader,
  pageSelectionState,
  reconcileSelection,
  selectedIds,
  setPageSelected,
  singleSelected,
  toggleSelected,
} from "@/lib/client/dlq-selection";

const message = (id: string, extra: Partial<DlqMessage> = {}): DlqMessage => ({
  id,
  partition: 0,
  offset: Number(id.split("-")[1] ?? id),
  timestamp: "2024-05-01T10:00:00.000Z",
  key: null,
  headers: {},
  value: "{}",
  encoding: "json",
  size: 2,
  originalTopic: "orders",
  error: "boom",
  attempts: 3,
  status: "pending",
  ...extra,
});

describe("DLQ selection", () => {
  it("toggles one message on and off", () => {
    const a = message("0-1");
    const one = toggleSelected(EMPTY_SELECTION, a);
    expect(selectedIds(one)).toEqual(["0-1"]);
    expect(singleSelected(one)).toBe(a);
    expect(toggleSelected(one, a).size).toBe(0);
    expect(toggleSelected(one, a, true)).toBe(one);
  });

  it("never selects a message that is not pending", () => {
    const requeued = message("0-2", { status: "requeued" });
    expect(toggleSelected(EMPTY_SELECTION, requeued).size).toBe(0);
    expect(toggleSelected(EMPTY_SELECTION, message("0-3", { status: "requeuing" }), true).size).toBe(0);
  });

  it("selects and clears a whole page, keeping other pages' picks", () => {
    const other = message("1-9");
    const page = [message("0-1"), message("0-2"), message("0-3", { status: "discarded" })];
    const start = toggleSelected(EMPTY_SELECTION, other);
    const all = setPageSelected(start, page, true);
    expect(selectedIds(all).sort()).toEqual(["0-1", "0-2", "1-9"]);
    expect(pageSelectionState(all, page)).toBe("all");
    const cleared = setPageSelected(all, page, false);
    expect(selectedIds(cleared)).toEqual(["1-9"]);
    expect(pageSelectionState(cleared, page)).toBe("none");
    expect(pageSelectionState(toggleSelected(cleared, page[0]!), page)).toBe("some");
  });

  it("says 'none' for a page with nothing selectable", () => {
    expect(pageSelectionState(EMPTY_SELECTION, [message("0-1", { status: "requeued" })])).toBe("none");
    expect(pageSelectionState(EMPTY_SELECTION, [])).toBe("none");
  });

  it("drops messages that stopped being pending when the page is read again", () => {
    const a = message("0-1");
    const b = message("0-2");
    const selection = setPageSelected(EMPTY_SELECTION, [a, b], true);
    const fresh = [message("0-1", { status: "requeued" }), message("0-2", { attempts: 4 })];
    const next = reconcileSelection(selection, fresh);
    expect(selectedIds(next)).toEqual(["0-2"]);
    expect(next.get("0-2")?.attempts).toBe(4);
    expect(reconcileSelection(selection, [message("5-5")])).toBe(selection);
  });

  it("returns null for a single selection when several are ticked", () => {
    expect(singleSelected(setPageSelected(EMPTY_SELECTION, [message("0-1"), message("0-2")], true))).toBeNull();
    expect(singleSelected(EMPTY_SELECTION)).toBeNull();
  });
});

describe("header names for dropping", () => {
  it("recognises the envelope headers of Eventscope, Spring and Kafka Connect", () => {
    for (const name of ["x-original-topic", "X-Error", "x-error-class", "x-attempts", "kafka_dlt-exception-message", "__connect.errors.topic"]) {
      expect(isEnvelopeHeader(name)).toBe(true);
    }
    for (const name of ["traceparent", "content-type", "x-request-id"]) expect(isEnvelopeHeader(name)).toBe(false);
  });

  it("lists every name once, envelope headers first", () => {
    const names = headerNamesOf([
      message("0-1", { headers: { traceparent: "t", "x-error": "e", "x-original-topic": "o" } }),
      message("0-2", { headers: { "x-error": "f", "content-type": "json", kafka_dlt_x: "1" } }),
    ]);
    expect(names).toEqual(["x-error", "x-original-topic", "content-type", "kafka_dlt_x", "traceparent"]);
  });
});
