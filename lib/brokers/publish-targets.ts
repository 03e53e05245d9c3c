import "server-only";
import { invalidInput } from "@/lib/errors";
import type { TargetCheck } from "./names";
import type { BrokerConnector } from "./types";

// The one rule for where requeue and replay may publish (each broker's part is its connector's
// checkTarget: lib/brokers/<kind>/<kind>-names.ts plus a look-up). An operator's target is checked
// when the request comes in (400 naming "target") and again when the job starts; a target read from
// a message's headers is checked for each message, and a refused one fails that message only.

/** 400 naming "target" unless the broker allows publishing to it. */
export async function requireTarget(connector: BrokerConnector, target: string): Promise<void> {
  const check = await connector.checkTarget(target);
  if (!check.ok) throw invalidInput("target", check.reason);
}

/**
 * A checker for one job: each distinct target is looked up once (a DLQ of 50,000 messages usually
 * names a handful of original subjects). Outages are not cached, so a later message asks again.
 */
export function targetChecker(connector: BrokerConnector): (target: string) => Promise<TargetCheck> {
  const known = new Map<string, TargetCheck>();
  return async (target) => {
    const cached = known.get(target);
    if (cached) return cached;
    const check = await connector.checkTarget(target);
    if (known.size < 10_000) known.set(target, check);
    return check;
  };
}

/**
 * The same for routes a message carries (RawMessage.route, RabbitMQ's first-death exchange and routing
 * key), on brokers that have them; every route is refused where the broker has none.
 */
export function routeChecker(connector: BrokerConnector): (route: string) => Promise<TargetCheck> {
  const known = new Map<string, TargetCheck>();
  return async (route) => {
    const cached = known.get(route);
    if (cached) return cached;
    const check: TargetCheck = connector.checkRoute ? await connector.checkRoute(route) : { ok: false, code: "invalid", reason: "this broker has no routes" };
    if (known.size < 10_000) known.set(route, check);
    return check;
  };
}
