import { kindInfo, type ClusterKind } from "@/lib/brokers/kinds";
import { isDlqName, originalTopicOfDlq } from "./dlq-names";

// Which topics or streams are DLQs, and how a DLQ message points back to where it came from.

/** The stream Eventscope fills with JetStream MAX_DELIVERIES and MSG_TERMINATED advisories. */
export const ADVISORY_STREAM = "EVENTSCOPE_ADVISORIES";
export const ADVISORY_SUBJECTS = [
  "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>",
  "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.>",
];

export type DlqKind = "topic" | "advisories";

export function dlqKindOf(kind: ClusterKind, name: string, subjects: string[] = [], configured: string[] = []): DlqKind | null {
  const info = kindInfo(kind);
  if (info.capabilities.reportsDeliveryAdvisories && name === ADVISORY_STREAM) return "advisories";
  if (isDlqName(name, configured)) return "topic";
  // The broker's own conventions (JetStream: streams named DLQ or capturing only dlq.* subjects).
  if (info.isDlqByConvention?.(name, subjects)) return "topic";
  return null;
}

/** JetStream DLQ messages are published to dlq.<original subject>; the original is the rest. */
export function originalSubjectOf(dlqSubject: string | undefined, headers: Record<string, string>): string | null {
  const declared = headers["x-original-subject"];
  if (declared) return declared;
  if (dlqSubject?.toLowerCase().startsWith("dlq.")) return dlqSubject.slice(4);
  return null;
}

export { originalTopicOfDlq };
