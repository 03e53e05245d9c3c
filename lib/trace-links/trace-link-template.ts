// The configured link to a tracing UI (traceLinks.urlTemplate), checked once at config load, and the
// link for one trace id built from it. Pure.

export const TRACE_ID_PLACEHOLDER = "{traceId}";
export const MAX_TEMPLATE_LENGTH = 2048;

const HEX_TRACE_ID = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/;

/**
 * Why a template is unusable, or null when it is fine: an absolute http(s) URL without credentials,
 * with exactly one `{traceId}` and no other braces, outside the scheme and host (a trace id must not
 * choose where the link goes), without spaces, control characters, quotes, <, >, \ or `.
 */
export function traceLinkTemplateProblem(template: string): string | null {
  if (template.length > MAX_TEMPLATE_LENGTH) return `longer than ${MAX_TEMPLATE_LENGTH} characters`;
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(template)) return "contains spaces or control characters";
  // Characters a URL never needs raw (percent-encode them): they only serve to break out of markup.
  if (/["'<>\\`]/.test(template)) return "contains a quote, <, >, \\ or ` (percent-encode it)";
  const parts = template.split(TRACE_ID_PLACEHOLDER);
  if (parts.length !== 2) return `needs exactly one ${TRACE_ID_PLACEHOLDER} placeholder`;
  if (/[{}]/.test(parts.join(""))) return `has braces other than the ${TRACE_ID_PLACEHOLDER} placeholder`;
  if (!/^https?:\/\//i.test(template)) return "must be an absolute http:// or https:// URL";
  const a = safeUrl(fill(template, "0".repeat(31) + "1"));
  const b = safeUrl(fill(template, "f".repeat(32)));
  if (!a || !b) return "is not a valid URL";
  if (a.protocol !== "http:" && a.protocol !== "https:") return "must be an absolute http:// or https:// URL";
  if (!a.hostname) return "has no host";
  if (a.username || a.password) return "must not carry credentials";
  if (a.origin !== b.origin) return `${TRACE_ID_PLACEHOLDER} must be in the path, query or fragment, not the host`;
  return null;
}

/**
 * The link to one trace, or null when there is no template or the id is not a plain hex trace id
 * (it always is when it comes from trace-context.ts; checked again because this builds a URL).
 */
export function buildTraceUrl(template: string | null | undefined, traceId: string): string | null {
  if (!template || !HEX_TRACE_ID.test(traceId)) return null;
  if (traceLinkTemplateProblem(template) !== null) return null;
  return fill(template, encodeURIComponent(traceId));
}

const fill = (template: string, traceId: string) => template.replace(TRACE_ID_PLACEHOLDER, () => traceId);

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
