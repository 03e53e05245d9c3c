import type { Message, ProcessedMark } from "@/lib/contract/common";
import { useFormatTime } from "@/components/ui/time";
import { formatTtl } from "@/lib/client/idempotency-format";
import { Badge } from "@/components/ui/badge";

/** The event-id and processed fields of a message or DLQ message (the contract's Message). */
export type ProcessedFields = Pick<Message, "eventId" | "eventIdFrom" | "processed" | "processedError">;

function describe(mark: ProcessedMark, eventId: string | null | undefined, formatTime: (iso: string) => string): string {
  return [
    `event ${eventId ?? "?"} has a record: ${mark.key} in ${mark.store}`,
    mark.processedAt ? `processed ${formatTime(mark.processedAt)}` : undefined,
    mark.consumer ? `by ${mark.consumer}` : undefined,
    formatTtl(mark.ttlSeconds),
  ]
    .filter(Boolean)
    .join("; ");
}

/** Beside a message: "processed" when its event id has an idempotency record, with the record on hover. */
export function ProcessedBadge({ message }: { message: ProcessedFields }) {
  const formatTime = useFormatTime();
  if (message.processed) {
    return (
      <Badge tone="ok" title={describe(message.processed, message.eventId, formatTime)}>
        processed
      </Badge>
    );
  }
  if (message.processedError) {
    return (
      <Badge tone="warn" title={`Could not check every store: ${message.processedError}`}>
        unknown
      </Badge>
    );
  }
  if (message.eventId) {
    return (
      <span className="muted" title={`event ${message.eventId} (${message.eventIdFrom ?? "?"}) has no idempotency record`}>
        —
      </span>
    );
  }
  return (
    <span className="muted" title="no event id found in this message (see eventIds in the config)">
      no id
    </span>
  );
}
