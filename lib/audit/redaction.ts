// Which fields carry payloads or secrets, and what they are replaced with. Pure. One list for the
// audit trail (record-audit.ts) and for everything shown back to users without the clear-values
// permission (job params: lib/jobs/job-params-view.ts), so both hide the same things.

export const REDACTED = "[redacted]";

// Exact key names (lower case) whose values are payloads or secrets.
const SECRET_KEYS = new Set([
  "password", "pass", "newpassword", "token", "secret", "authorization", "cookie", "sasl", "credentials",
  "value", "values", "headers", "setheaders", "payload", "body", "messages",
]);
const SECRET_PATTERN = /password|secret|passphrase|private/i;

/** True for a field whose value is a payload or a credential ("setHeaders", "value", "dbPassword"). */
export function isRedactedField(name: string): boolean {
  return SECRET_KEYS.has(name.toLowerCase()) || SECRET_PATTERN.test(name);
}

/** The value with every redacted field replaced by REDACTED, at any depth; everything else kept as is. */
export function redactFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactFields);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, isRedactedField(name) ? REDACTED : redactFields(item)]));
  }
  return value;
}

/**
 * Params with a requeue/discard filter's `q`, `error` and `originalTopic` replaced by REDACTED. They are what the
 * filter's author searched for; an operator with the clear-values permission matches clear values,
 * so the text can be one (a card number found in a masked field). Shown to people without that
 * permission (job views, the audit trail), it would tell what the masking hides.
 */
export function hideSearchTexts(params: unknown): unknown {
  if (!params || typeof params !== "object" || Array.isArray(params)) return params;
  const filter = (params as { filter?: unknown }).filter;
  if (!filter || typeof filter !== "object" || Array.isArray(filter)) return params;
  const hidden: Record<string, unknown> = { ...filter };
  // originalTopic too: it is matched against a header a rule may mask (x-original-topic).
  for (const key of ["q", "error", "originalTopic"]) if (typeof hidden[key] === "string") hidden[key] = REDACTED;
  return { ...params, filter: hidden };
}
