import "server-only";
import type { z } from "zod";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertWritable } from "@/lib/auth/read-only";
import type { Actor } from "@/lib/auth/roles";
import { resolveDlq } from "./dlq-context";
import { scanDlq, type DlqMessage } from "./dlq-messages";
import { countBuiltMatches } from "./count-built";
import { markDiscarded } from "./dlq-state";
import { maskForSearch } from "./mask-dlq-messages";
import { readByIds } from "./requeue-job";
import { parseDlqMessageId } from "./requeue-id";
import type { discardBody } from "@/lib/contract/dlq";

// POST /dlq/{topic}/discard: marks messages resolved without sending them; on JetStream they are
// also deleted from the DLQ stream. The UI asks for confirmation first. The body is the contract's
// (lib/contract/dlq.ts discardBody), parsed by the verb (lib/dlq/verbs/discard.ts).
const MAX_DISCARD = 100_000;

export async function discardMessages(
  actor: Actor,
  clusterId: string,
  topic: string,
  body: z.infer<typeof discardBody>,
): Promise<{ discarded: number } | { matched: number }> {
  await assertWritable(clusterId);
  const context = await resolveDlq(clusterId, topic);
  let messages: DlqMessage[];
  // A text filter matches what the actor may see (masked values stay unmatchable without the permission).
  const mask = maskForSearch(topic, actor, body.filter);
  if (body.ids) {
    messages = await readByIds(context, body.ids);
    const missing = body.ids.find((id) => !messages.some((message) => message.id === id));
    if (missing) throw new DomainError("not-found", `DLQ message "${missing}" was not found in ${topic}`);
    messages = messages.filter((message) => message.status === "pending");
    if (body.dryRun) return { matched: messages.length };
  } else if (body.dryRun) {
    // The connector's scan where the list's page reads stop short (RabbitMQ: count-built.ts), else the
    // same scan a discard does, counting only (a big DLQ's payloads are not held in memory).
    const built = await countBuiltMatches(context, body.filter, mask, MAX_DISCARD);
    if (built !== null) return { matched: built };
    const counted = await scanDlq(context, { limit: MAX_DISCARD, filter: body.filter, status: "pending", budget: 2_000_000, countOnly: true, mask });
    return { matched: counted.matched };
  } else {
    const collected: DlqMessage[] = [];
    const built = await countBuiltMatches(context, body.filter, mask, MAX_DISCARD, collected);
    messages = built !== null ? collected : (await scanDlq(context, { limit: MAX_DISCARD, filter: body.filter, status: "pending", budget: 2_000_000, mask })).messages;
  }
  const discarded = await markDiscarded(
    { clusterId, dlqTopic: topic },
    messages.map((message) => ({ messageId: message.id, requeueId: message.requeueId })),
  );
  // Where the broker can remove one message (JetStream), a discarded one leaves the DLQ.
  if (context.connector.capabilities.deletesSingleMessages && context.connector.removeMessages) {
    // Ids derived from the messages (RabbitMQ): they are taken off the queue by id.
    await context.connector.removeMessages(topic, discarded);
  } else if (context.connector.capabilities.deletesSingleMessages) {
    const byId = new Map(messages.map((message) => [message.id, message]));
    for (const id of discarded) {
      const message = byId.get(id)!;
      // Brokers whose messages carry ids (Redis Streams) delete by it: the offset is only positional.
      await context.connector.deleteMessage(topic, message.offset, parseDlqMessageId(context.clusterKind, id)?.id);
    }
  }
  await recordAudit({
    actor,
    action: "dlq.discard",
    target: `dlq:${clusterId}/${topic}`,
    params: { ids: body.ids?.length, filter: body.filter, all: body.all },
    result: { discarded: discarded.length },
  });
  return { discarded: discarded.length };
}
