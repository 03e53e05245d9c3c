import "server-only";
import { traceContextFromHeaders, type TraceHeader } from "./trace-context";
import { buildTraceUrl } from "./trace-link-template";
import { traceLinkTemplate } from "./trace-link-config";

/** What a message (or a trace hit) says about its distributed trace. */
export interface TraceLinkFields {
  /** 16 or 32 lowercase hex. */
  traceId: string;
  traceIdFrom: TraceHeader;
  /** Set when the config has a trace link template. */
  traceUrl?: string;
}

/** The trace fields for one message's (already masked) headers; empty when it carries no valid trace context. */
export function traceLinkFields(headers: Record<string, string> | undefined | null, template = traceLinkTemplate()): Partial<TraceLinkFields> {
  const context = traceContextFromHeaders(headers);
  if (!context) return {};
  const url = buildTraceUrl(template, context.traceId);
  return { traceId: context.traceId, traceIdFrom: context.from, ...(url ? { traceUrl: url } : {}) };
}

/**
 * Adds traceId / traceUrl to each message of a page. Call it on the masked messages: a masked
 * traceparent is no valid header any more, so its trace id is not shown.
 */
export function annotateTrace<M extends { headers: Record<string, string> }>(messages: M[]): (M & Partial<TraceLinkFields>)[] {
  const template = traceLinkTemplate();
  return messages.map((message) => ({ ...message, ...traceLinkFields(message.headers, template) }));
}
