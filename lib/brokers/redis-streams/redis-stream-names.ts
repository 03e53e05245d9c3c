// What a stream key, a group name and the console's `<stream>.<group>` identifier may be. Pure.
// Redis keys are binary-safe, but the console refuses what an operator can only have typed by mistake
// (control characters, which would also end a protocol line in logs and headers) and absurd lengths.
import { badName, hasControlCharacter, nameOk, quoteName, type NameCheck, type NameKind } from "../names";

/** Redis allows 512 MB keys; a stream key longer than this is a mistake or an attack. */
export const MAX_STREAM_KEY_LENGTH = 1_024;
export const MAX_GROUP_NAME_LENGTH = 1_024;
/** Suffix of the dead-letter stream of `<stream>` unless the configuration names another. */
export const DLQ_SUFFIX = ":dlq";

export function checkStreamKey(key: string): NameCheck {
  if (typeof key !== "string" || key.length === 0) return badName("a stream key is required");
  if (key.length > MAX_STREAM_KEY_LENGTH) return badName(`a stream key is at most ${MAX_STREAM_KEY_LENGTH} characters`);
  if (hasControlCharacter(key)) return badName(`${quoteName(key)} contains a control character`);
  return nameOk;
}

export function checkGroupName(name: string): NameCheck {
  if (typeof name !== "string" || name.length === 0) return badName("a consumer group name is required");
  if (name.length > MAX_GROUP_NAME_LENGTH) return badName(`a group name is at most ${MAX_GROUP_NAME_LENGTH} characters`);
  if (hasControlCharacter(name)) return badName(`${quoteName(name)} contains a control character`);
  return nameOk;
}

/** The console's group identifier `<stream>.<group>` (API.md, Additions 2026-12-06). */
export function groupId(stream: string, group: string): string {
  return `${stream}.${group}`;
}

/**
 * Every way to read `<stream>.<group>` (both may contain dots): the longest stream first. The connector
 * keeps the first split whose stream exists and has that group.
 */
export function groupIdCandidates(id: string): { stream: string; group: string }[] {
  const out: { stream: string; group: string }[] = [];
  for (let i = id.length - 2; i >= 1; i--) {
    if (id[i] !== ".") continue;
    const stream = id.slice(0, i);
    const group = id.slice(i + 1);
    if (checkStreamKey(stream).ok && checkGroupName(group).ok) out.push({ stream, group });
  }
  return out;
}

export function checkRedisName(kind: NameKind, name: string): NameCheck {
  if (kind === "topic") return checkStreamKey(name);
  if (typeof name !== "string" || name.length === 0) return badName("a group is required, as <stream>.<group>");
  if (hasControlCharacter(name)) return badName(`${quoteName(name)} contains a control character`);
  if (name.length > MAX_STREAM_KEY_LENGTH + MAX_GROUP_NAME_LENGTH + 1) return badName("a group identifier is too long");
  if (groupIdCandidates(name).length === 0) return badName(`${quoteName(name)} is not <stream>.<group>`);
  return nameOk;
}

export function defaultDlqKey(stream: string): string {
  return `${stream}${DLQ_SUFFIX}`;
}

export function isDlqKey(key: string): boolean {
  return key.endsWith(DLQ_SUFFIX) && key.length > DLQ_SUFFIX.length;
}
