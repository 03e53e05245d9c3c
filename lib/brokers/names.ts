import { invalidInput } from "@/lib/errors";

// What a name may be on a broker, decided before the name reaches the broker. Each connector owns its
// broker's rules (lib/brokers/<kind>/<kind>-names.ts, pure); these are the shared result types and
// helpers. Plain module: no broker client is imported here.

/** A topic (Kafka topic, JetStream stream) or a group (Kafka group id, JetStream `<stream>.<consumer>`). */
export type NameKind = "topic" | "group";

export type NameCheck = { ok: true } | { ok: false; problem: string };

/**
 * Whether a requeue or replay may publish to a target: "reserved" (a broker API or internal name, never
 * a target), "invalid" (not a name the broker accepts), "missing" (no stream captures the subject, no
 * such topic). The reason is a plain sentence for the operator.
 */
export type TargetCheck = { ok: true } | { ok: false; code: "reserved" | "invalid" | "missing"; reason: string };

export const nameOk: NameCheck = { ok: true };
export const badName = (problem: string): NameCheck => ({ ok: false, problem });

// C0 and C1 control characters and DEL: never part of a name, and CR/LF would end a protocol line.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/** Throws a 400 naming `field` when the check failed. */
export function requireName(field: string, check: NameCheck): void {
  if (!check.ok) throw invalidInput(field, check.problem);
}

/** Shortens a name for an error message (a 5,000-character name is not echoed back whole). */
export function quoteName(name: string): string {
  const shown = name.length > 80 ? `${name.slice(0, 80)}…` : name;
  return JSON.stringify(shown);
}
