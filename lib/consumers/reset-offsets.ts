import "server-only";
import { DomainError, invalidInput } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertWritable } from "@/lib/auth/read-only";
import type { Actor } from "@/lib/auth/roles";
import { requireName } from "@/lib/brokers/names";
import type { BrokerConnector, ClusterKind, ResetPositions } from "@/lib/brokers/types";
import { withConnector } from "@/lib/clusters/registry";
import { activeMembersMessage, checkResetBody, planReset, resetScope, type PlannedPartition, type ResetResponse } from "./reset-plan";
import type { ParsedResetBody, ResetTarget } from "./reset-request";
import { capabilitiesOf, kindInfo } from "@/lib/brokers/kinds";

// POST /api/v1/clusters/{cluster}/consumers/{group}/reset: authorize (route, operator) -> parse (route,
// zod: ./reset-request.ts) -> execute (here: read positions, plan, refuse or apply) -> audit.
// A dry run answers the same preview an apply would act on, including why an apply would be refused
// right now (`blocked`), and changes nothing. Behaviour is documented in docs/consumer-reset.md.

const AUDITED_PARTITIONS = 50;

export async function resetConsumerOffsets(actor: Actor, clusterId: string, group: string, body: ParsedResetBody): Promise<ResetResponse> {
  await assertWritable(clusterId);
  const check = checkResetBody(body);
  if (!check.ok) throw invalidInput(check.field, check.message);

  return withConnector(clusterId, async (connector) => {
    // Only a broker whose positions live in a consumer object (JetStream) can recreate one.
    if (body.recreate && connector.capabilities.resetsPositions !== "consumer") {
      throw invalidInput("recreate", `only JetStream consumers are recreated; a ${kindInfo(connector.kind).label} group's offsets are reset in place`);
    }
    requireScopeNames(connector, group, body);
    const positions = await connector.readResetPositions(group, resetScope(body));
    rejectMissing(connector.kind, positions, body);
    if (positions.partitions.length === 0) {
      throw invalidInput("topics", `${kindInfo(connector.kind).vocabulary.consumerInSentence} "${group}" has no committed offsets: name the topics to reset in topics`);
    }
    const plan = planReset(positions.partitions, body.to);
    if (!plan.ok) throw invalidInput(plan.field, plan.message);

    const blocked = blockFor(connector.kind, positions, body);
    const preview: ResetResponse = {
      group,
      dryRun: Boolean(body.dryRun),
      applied: false,
      method: positions.method,
      state: positions.state,
      members: positions.members,
      partitions: plan.partitions,
      lag: plan.lag,
      resultingLag: plan.resultingLag,
      ...(blocked ? { blocked } : {}),
      notes: notesFor(positions, plan.partitions, body),
    };
    if (body.dryRun) return preview;

    const audit = (result: Record<string, unknown>) =>
      recordAudit({
        actor,
        action: "consumer.reset",
        target: `consumer:${clusterId}/${group}`,
        params: { to: describeTarget(body.to), topics: body.topics, recreate: body.recreate },
        result,
      });
    if (blocked) {
      await audit({ applied: false, refused: blocked.code, members: positions.members });
      throw new DomainError(blocked.code, blocked.message, blocked.code === "conflict" ? { members: positions.members, state: positions.state } : undefined);
    }

    const outcome = await connector.resetOffsets(group, {
      offsets: plan.partitions.map(({ topic, partition, to }) => ({ topic, partition, offset: to })),
      ...(body.recreate ? { recreate: true } : {}),
    });
    if (!outcome.ok) {
      await audit({ applied: false, refused: outcome.code === "active-members" ? "conflict" : "unsupported" });
      if (outcome.code === "active-members") {
        throw new DomainError("conflict", activeMembersMessage(connector.kind, group, outcome.members, outcome.state), {
          members: outcome.members,
          state: outcome.state,
        });
      }
      throw new DomainError("unsupported", outcome.reason);
    }
    await audit({
      applied: true,
      method: outcome.method,
      partitions: plan.partitions.length,
      lagBefore: plan.lag,
      lagAfter: plan.resultingLag,
      moved: plan.partitions.slice(0, AUDITED_PARTITIONS).map(({ topic, partition, from, to }) => ({ topic, partition, from, to })),
    });
    return { ...preview, applied: true, method: outcome.method };
  });
}

/** Unknown topics and partitions are 400s naming them (never silently skipped). */
function rejectMissing(kind: ClusterKind, positions: ResetPositions, body: ParsedResetBody): void {
  const offsets = body.to.kind === "offsets" ? body.to.offsets : undefined;
  const [topic] = positions.missingTopics;
  if (topic !== undefined) {
    const index = offsets?.findIndex((entry) => entry.topic === topic) ?? -1;
    const field = index >= 0 ? `to.offsets.${index}.topic` : "topics";
    const stream = positions.partitions[0]?.topic ?? positions.group.split(".")[0];
    // A group may read any topic (Kafka); a consumer belongs to one stream (JetStream).
    const oneStream = capabilitiesOf(kind).resetsPositions === "consumer";
    throw invalidInput(field, oneStream ? `"${topic}" is not the stream of consumer "${positions.group}" (its stream is "${stream}")` : `topic "${topic}" does not exist`);
  }
  const [missing] = positions.missingPartitions;
  if (missing) {
    const index = offsets?.findIndex((entry) => entry.topic === missing.topic && entry.partition === missing.partition) ?? -1;
    throw invalidInput(
      index >= 0 ? `to.offsets.${index}.partition` : "to.offsets",
      capabilitiesOf(kind).hasPartitions ? `topic "${missing.topic}" has no partition ${missing.partition}` : `${kindInfo(kind).vocabulary.topic} "${missing.topic}" has only partition 0`,
    );
  }
}

function blockFor(kind: ClusterKind, positions: ResetPositions, body: ParsedResetBody): ResetResponse["blocked"] {
  if (positions.method === "none") return { code: "unsupported", message: positions.methodNote ?? "this consumer's position cannot be moved" };
  if (positions.method === "recreate" && !body.recreate) {
    return { code: "unsupported", message: positions.methodNote ?? "this consumer can only be moved by recreating it: send recreate: true" };
  }
  // Kafka refuses commits from outside a group that has members; a JetStream durable is recreated
  // only while no client is using it. An in-place JetStream reset (2.14+) is made for live consumers.
  if ((positions.method === "commit" || positions.method === "recreate") && positions.members > 0) {
    return { code: "conflict", message: activeMembersMessage(kind, positions.group, positions.members, positions.state) };
  }
  return undefined;
}

function notesFor(positions: ResetPositions, partitions: PlannedPartition[], body: ParsedResetBody): string[] {
  const notes: string[] = [];
  const clamped = partitions.filter((p) => p.clamped).length;
  if (clamped > 0) {
    notes.push(
      `${clamped === 1 ? "1 partition" : `${clamped} partitions`} asked for an offset outside what the log still holds and will go to the nearest end instead (see clamped and requested).`,
    );
  }
  const empty = partitions.filter((p) => p.noMessageAtOrAfter).length;
  if (empty > 0) notes.push(`${empty === 1 ? "1 partition has" : `${empty} partitions have`} no message at or after that time and will go to the end.`);
  if (partitions.some((p) => p.resultingLagIsEstimate)) {
    notes.push("This consumer filters subjects (or the stream has deleted messages): the lag after the reset will be at most the figure shown.");
  }
  if (positions.method === "recreate" && body.recreate) {
    const start = partitions[0]?.to;
    notes.push(
      `Applying deletes the durable consumer "${positions.group}" and creates it again with the same configuration, starting at stream sequence ${start}; its redelivery counts and unacknowledged messages are forgotten.`,
    );
  }
  return notes;
}

function describeTarget(target: ResetTarget): Record<string, unknown> {
  switch (target.kind) {
    case "timestamp":
      return { timestamp: target.timestamp };
    case "shift":
      return { shiftBy: target.shiftBy };
    case "offsets":
      return { offsets: target.offsets.length };
    default:
      return { position: target.kind };
  }
}

/** The group and every topic the body names must be names the broker accepts: 400 naming the field, before any broker call. */
function requireScopeNames(connector: BrokerConnector, group: string, body: ParsedResetBody): void {
  requireName("group", connector.checkName("group", group));
  body.topics?.forEach((topic, index) => requireName(`topics.${index}`, connector.checkName("topic", topic)));
  if (body.to.kind === "offsets") body.to.offsets.forEach(({ topic }, index) => requireName(`to.offsets.${index}.topic`, connector.checkName("topic", topic)));
}
