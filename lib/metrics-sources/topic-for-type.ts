// Which topic the events of a type come from: the source's `topics` map, else a topic of the cluster
// named by convention after the type. Pure.
import { originalTopicOfDlq } from "@/lib/dlq/dlq-names";

export interface TopicOfType {
  topic: string;
  /** "config": the source's `topics` map names it; "convention": a topic with a name derived from the type exists. */
  from: "config" | "convention";
}

/**
 * Names a topic carrying events of `type` would have by common conventions, most specific first:
 * the type itself ("order.created"), with its separator changed ("order_paid" -> "order.paid"),
 * with the first word in the plural ("orders.created", "orders_paid"), and the plural alone ("orders").
 */
export function conventionalTopicNames(type: string): string[] {
  const words = type.split(/[._-]/).filter(Boolean);
  const names: string[] = [type];
  if (words.length > 0) {
    const plural = words[0].endsWith("s") ? words[0] : `${words[0]}s`;
    for (const separator of [".", "_", "-"]) {
      names.push(words.join(separator));
      names.push([plural, ...words.slice(1)].join(separator));
    }
    names.push(plural);
  }
  return [...new Set(names)];
}

/** The topic of a type, or null. A conventional name counts only if the cluster has that topic (never a guess). */
export function topicForType(type: string, mapped: Record<string, string> | undefined, knownTopics: readonly string[]): TopicOfType | null {
  const configured = mapped?.[type];
  if (configured) return { topic: configured, from: "config" };
  const known = new Set(knownTopics);
  const found = conventionalTopicNames(type).find((name) => known.has(name) && originalTopicOfDlq(name) === null);
  return found ? { topic: found, from: "convention" } : null;
}

/** The dead-letter topics among `knownTopics` that point back to `topic` by their names (orders.dlq, dlq.orders...). */
export function dlqTopicsOf(topic: string, knownTopics: readonly string[]): string[] {
  return knownTopics.filter((name) => originalTopicOfDlq(name) === topic);
}
