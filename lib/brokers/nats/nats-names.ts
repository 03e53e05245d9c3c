import { badName, hasControlCharacter, nameOk, quoteName, type NameCheck, type NameKind, type TargetCheck } from "../names";

// JetStream's naming rules, checked before a name reaches nats-server. Pure: no client here.
// A name is sent inside a protocol line (`PUB $JS.API.STREAM.INFO.<name> ...`); a very long one makes
// the server drop the whole connection ("maximum control line exceeded"), and `.`, `*`, `>` would turn
// one API subject into another or into a wildcard.

/** nats-server refuses longer stream and consumer names (they become directory names on disk). */
export const MAX_NATS_NAME = 255;
/** Far below the server's 4 KiB control line, which also carries the reply subject and the size. */
export const MAX_PUBLISH_SUBJECT = 1024;

/** Stream and consumer names: 1-255 characters, no whitespace, `.`, `*`, `>`, path separators or control characters. */
export function checkNatsName(name: string, what: "stream" | "consumer"): NameCheck {
  if (name.length === 0) return badName(`a ${what} name cannot be empty`);
  if (name.length > MAX_NATS_NAME) return badName(`a ${what} name has at most ${MAX_NATS_NAME} characters (got ${name.length})`);
  if (hasControlCharacter(name)) return badName(`a ${what} name cannot contain control characters`);
  if (/[\s.*>/\\]/.test(name)) return badName(`${quoteName(name)} is not a ${what} name: no whitespace, ".", "*", ">", "/" or "\\"`);
  return nameOk;
}

/** A topic is a stream; a group is `<stream>.<consumer>`. */
export function checkNatsTopicOrGroup(kind: NameKind, name: string): NameCheck {
  if (kind === "topic") return checkNatsName(name, "stream");
  const dot = name.indexOf(".");
  if (dot < 0) return badName(`a JetStream consumer is named <stream>.<consumer> (got ${quoteName(name)})`);
  const stream = checkNatsName(name.slice(0, dot), "stream");
  return stream.ok ? checkNatsName(name.slice(dot + 1), "consumer") : stream;
}

/**
 * Whether a subject may receive requeued or replayed messages, by its text alone: an ordinary subject
 * (no wildcards, no empty tokens), never a `$`-prefixed one (`$JS.API.STREAM.DELETE.x` deletes a
 * stream, `$KV.*` writes a bucket, `$SYS` is the server's) and never a reply inbox (`_INBOX.`).
 * Whether a stream captures it is the connector's second step.
 */
export function checkNatsPublishSubject(subject: string): TargetCheck {
  const invalid = (reason: string): TargetCheck => ({ ok: false, code: "invalid", reason });
  if (subject.length === 0) return invalid("a subject cannot be empty");
  if (subject.length > MAX_PUBLISH_SUBJECT) return invalid(`a subject has at most ${MAX_PUBLISH_SUBJECT} characters (got ${subject.length})`);
  if (hasControlCharacter(subject) || /\s/.test(subject)) return invalid(`${quoteName(subject)} is not a subject: no whitespace or control characters`);
  if (subject.startsWith("$")) {
    return { ok: false, code: "reserved", reason: `${quoteName(subject)} is a reserved subject ("$" subjects are the server's APIs: JetStream, KV, system)` };
  }
  if (/^_inbox(\.|$)/i.test(subject)) return { ok: false, code: "reserved", reason: `${quoteName(subject)} is a reply inbox, not a target` };
  if (/[*>]/.test(subject)) return invalid(`${quoteName(subject)} has a wildcard ("*" or ">"): name one subject`);
  if (subject.split(".").some((token) => token.length === 0)) return invalid(`${quoteName(subject)} has an empty token (a leading, trailing or double ".")`);
  return { ok: true };
}

/** Header names are HTTP-style tokens (RFC 7230): no CR, LF, space, colon or other separators. */
const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
export const MAX_HEADER_NAME = 255;

/**
 * A header a requeue sets on JetStream: a name the protocol can carry (CR/LF would end the header
 * block, a colon or space would split it) and a value on one line. `Nats-*` headers are JetStream's
 * own controls (Nats-Msg-Id de-duplicates, Nats-Expected-* make a publish conditional, Nats-Rollup
 * purges a subject): never set from a requeue.
 */
export function checkNatsHeader(name: string, value: string): NameCheck {
  if (name.length === 0 || name.length > MAX_HEADER_NAME) return badName(`a header name has 1 to ${MAX_HEADER_NAME} characters`);
  if (!HEADER_TOKEN.test(name)) return badName(`${quoteName(name)} is not a header name: letters, digits and !#$%&'*+-.^_\`|~ only (no spaces, colons or control characters)`);
  if (/^nats-/i.test(name)) return badName(`${quoteName(name)} is a JetStream control header and cannot be set`);
  if (/[\r\n]/.test(value) || hasControlCharacter(value.replace(/\t/g, ""))) return badName(`the value of header ${quoteName(name)} cannot contain CR, LF or control characters`);
  return nameOk;
}
