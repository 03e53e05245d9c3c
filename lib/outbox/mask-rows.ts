import "server-only";
import type { Actor } from "@/lib/auth/roles";
import { maskerByTopics } from "@/lib/masking/mask-messages";
import type { OutboxRow } from "./types";

/**
 * Masks payloads as the message viewer masks the same event on its topic: the row's payload goes
 * through the topic's rules as a JSON message value (the topic: the row's topic, or its aggregate
 * type for Debezium's layout). Users allowed to see clear values get rows unchanged.
 */
export async function maskOutboxRows(rows: OutboxRow[], actor: Pick<Actor, "canSeeClearValues">): Promise<(OutboxRow & { masked?: true })[]> {
  if (actor.canSeeClearValues || rows.length === 0) return rows;
  const maskerFor = await maskerByTopics(actor);
  return rows.map((row) => {
    if (row.payload === null || row.payload === undefined) return row;
    const topic = row.topic ?? row.aggregateType ?? "";
    const value = typeof row.payload === "string" ? row.payload : JSON.stringify(row.payload);
    const masked = maskerFor([topic])({ headers: {}, value, encoding: typeof row.payload === "string" ? "text" : "json" });
    if (!masked.masked) return row;
    let payload: unknown = masked.value;
    if (typeof row.payload !== "string" && masked.value !== null) {
      try {
        payload = JSON.parse(masked.value);
      } catch {
        payload = masked.value;
      }
    }
    return { ...row, payload, masked: true as const };
  });
}
