import "server-only";
import { DomainError } from "@/lib/errors";
import { routeChecker } from "@/lib/brokers/publish-targets";
import { asFiltered } from "./count-pending";
import { matches, type DlqContext, type DlqFilter, type DlqMessage } from "./dlq-messages";
import { statusesOf } from "./dlq-state";

// Before a requeue without a target is accepted: where messages carry the route they first took
// (RabbitMQ: the first death's exchange and routing key), every route the selection uses is looked up,
// and a route that no longer exists (the exchange was deleted) refuses the whole request with how many
// messages it concerns: nothing is sent. (Publishing to a deleted exchange would fail the job part way;
// the job still checks each route, for exchanges deleted after this.)

const SCAN_BUDGET = 2_000_000;

export async function refuseMissingRoutes(context: DlqContext, selection: { pending?: DlqMessage[]; filter?: DlqFilter }): Promise<void> {
  if (!context.connector.checkRoute || context.dlqKind !== "topic") return;
  const idsByRoute = new Map<string, string[]>();
  const add = (route: string | undefined, id: string | undefined) => {
    if (route === undefined || id === undefined) return;
    const ids = idsByRoute.get(route) ?? [];
    ids.push(id);
    idsByRoute.set(route, ids);
  };
  if (selection.pending) {
    for (const message of selection.pending) add(message.payload.origin.route, message.id);
  } else {
    // A text filter matches the decoded message: those are checked message by message by the job.
    if (selection.filter?.q !== undefined) return;
    const filter = selection.filter;
    const needs = { envelope: filter?.error !== undefined || filter?.originalTopic !== undefined, time: filter?.since !== undefined || filter?.until !== undefined };
    let scanned = 0;
    await context.connector.scanMessages(context.topic, {
      visit(message) {
        scanned++;
        if (!filter || matches(asFiltered(context, message, needs), filter, "all")) add(message.route, message.stableId);
        return scanned >= SCAN_BUDGET;
      },
      shouldStop: () => false,
    });
  }
  const check = routeChecker(context.connector);
  const missing: { reason: string; count: number }[] = [];
  for (const [route, ids] of idsByRoute) {
    const result = await check(route);
    if (result.ok) continue;
    // Only pending messages count (the others are claimed, requeued or discarded already).
    const statuses = await statusesOf({ clusterId: context.clusterId, dlqTopic: context.topic }, ids);
    const count = ids.filter((id) => !statuses.has(id)).length;
    if (count > 0) missing.push({ reason: result.reason, count });
  }
  if (missing.length === 0) return;
  const total = missing.reduce((sum, entry) => sum + entry.count, 0);
  throw new DomainError(
    "conflict",
    `${total} of the selected messages cannot go back where they came from: ${missing.map((entry) => `${entry.count} because ${entry.reason}`).join("; ")}. Nothing was sent: recreate it, or requeue them with a target.`,
    { missing: total },
  );
}
