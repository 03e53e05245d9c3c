// How a failed management API call reads to an operator. Pure: takes the HTTP status or the error
// fetch threw, gives back a domain error code and one plain sentence naming the API's port, such as
// "management API on :15672 refused: 401".

export type ManagementFailureCode = "broker-unavailable" | "not-found" | "broker-refused";

export interface ManagementFailure {
  code: ManagementFailureCode;
  reason: string;
}

/** ":15672" for http://127.0.0.1:15672, ":443" for https://rabbit.example without a port. */
export function managementPortLabel(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
  } catch {
    return baseUrl;
  }
}

/** A non-2xx answer. `what` names the resource for a 404 ("queue orders.dlq in vhost /"). */
export function failureFromStatus(baseUrl: string, status: number, what: string, body?: string): ManagementFailure {
  const where = `management API on ${managementPortLabel(baseUrl)}`;
  // Credentials refused or lacking the "monitoring"/"management" tag: the cluster is down for us,
  // with the reason, and recovers by itself once the credentials work (503, not 4xx to the caller).
  if (status === 401 || status === 403) return { code: "broker-unavailable", reason: `${where} refused: ${status}` };
  if (status === 404) return { code: "not-found", reason: `${what} was not found` };
  if (status >= 500 || status === 408 || status === 429) return { code: "broker-unavailable", reason: `${where} answered ${status}` };
  const detail = extractReason(body);
  return { code: "broker-refused", reason: `${where} refused ${what}: ${status}${detail ? ` (${detail})` : ""}`.slice(0, 500) };
}

/** An error thrown by fetch itself: nothing listens, the name does not resolve, or no answer in time. */
export function failureFromError(baseUrl: string, error: unknown, timeoutMs: number): ManagementFailure {
  const where = `management API on ${managementPortLabel(baseUrl)}`;
  const text = errorChainText(error);
  if (/TimeoutError|AbortError|aborted due to timeout/i.test(text)) {
    return { code: "broker-unavailable", reason: `${where}: no answer within ${timeoutMs / 1000} s` };
  }
  if (/ECONNREFUSED/i.test(text)) {
    return { code: "broker-unavailable", reason: `${where} refused the connection (is rabbitmq_management enabled?)` };
  }
  if (/ENOTFOUND|EAI_AGAIN/i.test(text)) return { code: "broker-unavailable", reason: `${where}: cannot resolve ${safeHost(baseUrl)}` };
  if (/ECONNRESET|socket hang up|other side closed/i.test(text)) return { code: "broker-unavailable", reason: `${where} closed the connection` };
  return { code: "broker-unavailable", reason: `${where}: ${text}`.slice(0, 500) };
}

function safeHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname;
  } catch {
    return "the host";
  }
}

/** The API's JSON error body is {"error": "...", "reason": "..."}; anything else is ignored. */
function extractReason(body: string | undefined): string | null {
  if (!body) return null;
  try {
    const parsed = JSON.parse(body) as { reason?: unknown; error?: unknown };
    const reason = typeof parsed.reason === "string" ? parsed.reason : typeof parsed.error === "string" ? parsed.error : null;
    return reason ? reason.slice(0, 200) : null;
  } catch {
    return null;
  }
}

function errorChainText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current instanceof Error || (typeof current === "object" && current !== null)) {
      const { name, message, code } = current as { name?: string; message?: string; code?: string };
      parts.push([name, code, message].filter(Boolean).join(" "));
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(": ") || String(error);
}
