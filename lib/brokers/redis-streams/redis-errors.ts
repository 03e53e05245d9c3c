// Which Redis errors retrying cannot change, and which are the caller's mistake. Pure: reads the
// reply error's message, whose first word is Redis's error code (WRONGTYPE, NOGROUP, NOPERM, ...).
import { DomainError, brokerRefused, brokerUnavailable, invalidInput, notFound } from "@/lib/errors";

function message(error: unknown): string {
  return (error as { message?: unknown } | null)?.message?.toString() ?? String(error);
}

/** True for errors Redis itself answered (a reply error), as opposed to the connection failing. */
export function isReplyError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === "ReplyError" || /^(ERR|WRONGTYPE|NOGROUP|NOPERM|NOAUTH|WRONGPASS|OOM|BUSYGROUP|NOSCRIPT|READONLY|LOADING|MISCONF|BUSY|EXECABORT|CROSSSLOT|MOVED|ASK|CLUSTERDOWN|TRYAGAIN|MASTERDOWN|NOREPLICAS) /.test(message(error));
}

/** A reason when retrying cannot help (auth, ACL, wrong type, memory limit), else null. */
export function permanentRedisError(error: unknown): string | null {
  if (!isReplyError(error)) return null;
  const text = message(error);
  const code = text.split(" ", 1)[0];
  switch (code) {
    case "NOPERM":
    case "NOAUTH":
    case "WRONGPASS":
      return `refused by Redis: not authorized (${text})`;
    case "OOM":
      return `refused by Redis: out of memory (maxmemory reached): ${text}`;
    case "READONLY":
      return `refused by Redis: the server is a read-only replica (${text})`;
    case "LOADING":
    case "BUSY":
    case "TRYAGAIN":
    case "CLUSTERDOWN":
    case "MASTERDOWN":
      return null; // temporary: Redis is loading its data set, running a long script, or failing over
    default:
      return `refused by Redis: ${text}`;
  }
}

/**
 * Reply errors about what the caller named: a key that is not a stream, a group that does not exist,
 * an id Redis does not accept. Becomes a 4xx with the object named; null for anything else.
 */
export function callerRedisError(error: unknown, what: { stream?: string; group?: string }): DomainError | null {
  if (!isReplyError(error)) return null;
  const text = message(error);
  if (text.startsWith("WRONGTYPE")) {
    return new DomainError("invalid-input", `topic: ${quote(what.stream)} is not a stream (the key holds another type)`, { field: "topic" });
  }
  if (text.startsWith("NOGROUP")) {
    return notFound(`consumer group ${quote(what.group)} of stream ${quote(what.stream)}`);
  }
  if (/Invalid stream ID|ID specified in XADD is equal or smaller|smaller than the target stream top item/i.test(text)) {
    return invalidInput("id", text.replace(/^ERR /, ""));
  }
  return null;
}

function quote(text: string | undefined): string {
  if (text === undefined) return "?";
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/** True when the connection, not Redis, failed (a 503 "down"). */
export function isConnectionFailure(error: unknown): boolean {
  if (isReplyError(error)) return false;
  const text = message(error);
  return (
    /Connection is closed|Stream isn't writeable|Command timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|MaxRetriesPerRequest|connect/i.test(text) ||
    typeof (error as { code?: unknown } | null)?.code === "string"
  );
}

export { brokerRefused, brokerUnavailable };
