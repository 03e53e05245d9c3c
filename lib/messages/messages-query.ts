import "server-only";
import { kindInfo, type ClusterKind } from "@/lib/brokers/kinds";
import { readMessagesQuery } from "@/lib/contract/topics";

/**
 * The messages query of a topic of this kind of cluster: the contract's, plus one rule of the kind.
 * `fromId` starts at a message id, which only brokers whose messages carry one understand (kind
 * descriptor `messageIds`): elsewhere it is a 400 naming it rather than ignored, so nobody reads from
 * the beginning believing they read from an id.
 */
export function messagesQueryFor(kind: ClusterKind) {
  const info = kindInfo(kind);
  if (info.messageIds) return readMessagesQuery;
  return readMessagesQuery.refine((query) => query.fromId === undefined, {
    path: ["fromId"],
    message: `${info.label} messages carry no id: start at an offset (from, with partition) or a time (since)`,
  });
}
