import "server-only";
import type { Actor } from "@/lib/auth/roles";
import { maskMessages } from "@/lib/masking/mask-messages";
import type { DlqMessage } from "./dlq-messages";

/** Rules of the DLQ itself and of the topics its messages came from both apply. */
export async function maskDlqMessages(messages: DlqMessage[], dlqTopic: string, actor: Pick<Actor, "canSeeClearValues">): Promise<DlqMessage[]> {
  const topics = [dlqTopic, ...new Set(messages.map((message) => message.originalTopic).filter((t): t is string => t !== null))];
  return maskMessages(messages, { topic: topics, actor });
}
