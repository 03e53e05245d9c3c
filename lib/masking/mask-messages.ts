import "server-only";
import type { Actor } from "@/lib/auth/roles";
import { compileRules, maskMessage, rulesForTopics, type CompiledRules, type MaskableMessage } from "./apply-masking";
import { listMaskingRules } from "./masking-rules";

/**
 * Masks payloads before they leave the server: call it on every list of messages a route returns
 * (browse, DLQ, trace, exports), and before any text search over them, so a search cannot reveal
 * a masked value. `topic` may list several names (a DLQ message: the DLQ and its original topic).
 * Users allowed to see clear values get the messages unchanged.
 */
export async function maskMessages<T extends MaskableMessage>(
  messages: T[],
  options: { topic: string | readonly string[]; actor: Pick<Actor, "canSeeClearValues"> },
): Promise<(T & { masked?: true })[]> {
  if (options.actor.canSeeClearValues || messages.length === 0) return messages;
  const topics = typeof options.topic === "string" ? [options.topic] : options.topic;
  const rules = rulesForTopics(await listMaskingRules(), topics);
  if (rules.length === 0) return messages;
  const compiled = compileRules(rules);
  return messages.map((message) => maskMessage(message, compiled));
}

/**
 * The same masking as maskMessages, as a synchronous function built once (rules read once): for a
 * search that masks every candidate it decodes while it scans.
 */
export async function messageMasker(options: {
  topic: string | readonly string[];
  actor: Pick<Actor, "canSeeClearValues">;
}): Promise<<T extends MaskableMessage>(message: T) => T & { masked?: true }> {
  const unchanged = <T extends MaskableMessage>(message: T) => message;
  if (options.actor.canSeeClearValues) return unchanged;
  const topics = typeof options.topic === "string" ? [options.topic] : options.topic;
  const rules = rulesForTopics(await listMaskingRules(), topics);
  if (rules.length === 0) return unchanged;
  const compiled = compileRules(rules);
  return (message) => maskMessage(message, compiled);
}

/**
 * For a scan over many topics (the trace): the rules are read once, and compiled per set of topics
 * on first use. Users allowed to see clear values get messages unchanged.
 */
export async function maskerByTopics(
  actor: Pick<Actor, "canSeeClearValues">,
): Promise<(topics: readonly string[]) => <T extends MaskableMessage>(message: T) => T & { masked?: true }> {
  const unchanged = <T extends MaskableMessage>(message: T) => message;
  if (actor.canSeeClearValues) return () => unchanged;
  const all = await listMaskingRules();
  const compiled = new Map<string, CompiledRules | null>();
  return (topics) => {
    const key = JSON.stringify(topics);
    if (!compiled.has(key)) {
      const rules = rulesForTopics(all, topics);
      compiled.set(key, rules.length > 0 ? compileRules(rules) : null);
    }
    const rules = compiled.get(key);
    return rules ? (message) => maskMessage(message, rules) : unchanged;
  };
}
