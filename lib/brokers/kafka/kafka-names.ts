import { badName, hasControlCharacter, nameOk, quoteName, type NameCheck, type NameKind, type TargetCheck } from "../names";

// Kafka's naming rules, checked before a name reaches a broker. Pure: no client here.

/** Kafka's own limit (Topic.MAX_NAME_LENGTH): the name is part of each partition's directory name. */
export const MAX_TOPIC_NAME = 249;
/**
 * Kafka does not bound group ids beyond its protocol (a 32,767-byte string) and allows any characters;
 * the console bounds them well above anything a client uses and refuses control characters, which no
 * client library produces and which would only garble logs and pages.
 */
export const MAX_GROUP_ID = 1024;

export function checkKafkaTopicName(name: string): NameCheck {
  if (name.length === 0) return badName("a topic name cannot be empty");
  if (name.length > MAX_TOPIC_NAME) return badName(`a topic name has at most ${MAX_TOPIC_NAME} characters (got ${name.length})`);
  if (name === "." || name === "..") return badName(`"${name}" is not a topic name`);
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) return badName(`${quoteName(name)} is not a topic name: only letters, digits, ".", "_" and "-"`);
  return nameOk;
}

export function checkKafkaGroupId(group: string): NameCheck {
  if (group.length === 0) return badName("a group id cannot be empty");
  if (group.length > MAX_GROUP_ID) return badName(`a group id has at most ${MAX_GROUP_ID} characters here (got ${group.length})`);
  if (hasControlCharacter(group)) return badName("a group id cannot contain control characters");
  return nameOk;
}

export function checkKafkaName(kind: NameKind, name: string): NameCheck {
  return kind === "topic" ? checkKafkaTopicName(name) : checkKafkaGroupId(name);
}

/**
 * Topics Kafka and its ecosystem keep for themselves: `__consumer_offsets`, `__transaction_state`,
 * Connect/Streams `__`-prefixed topics, Confluent's `_confluent-*`. Never a requeue or replay target.
 */
export function isReservedKafkaTopic(name: string): boolean {
  return name.startsWith("__") || name.startsWith("_confluent");
}

/** Whether a topic may receive requeued or replayed messages, by its name alone; the connector then checks it exists. */
export function checkKafkaPublishTopic(name: string): TargetCheck {
  const valid = checkKafkaTopicName(name);
  if (!valid.ok) return { ok: false, code: "invalid", reason: valid.problem };
  if (isReservedKafkaTopic(name)) return { ok: false, code: "reserved", reason: `${quoteName(name)} is an internal topic, not a target` };
  return { ok: true };
}

export const MAX_HEADER_NAME = 255;

/** Kafka header keys are any string and values any bytes; a requeue keeps them printable and bounded. */
export function checkKafkaHeader(name: string, value: string): NameCheck {
  if (name.length === 0 || name.length > MAX_HEADER_NAME) return badName(`a header name has 1 to ${MAX_HEADER_NAME} characters`);
  if (hasControlCharacter(name)) return badName(`header name ${quoteName(name)} cannot contain control characters`);
  void value; // any text: Kafka carries header values as bytes
  return nameOk;
}
