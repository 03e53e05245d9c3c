import "server-only";
import { conflict } from "@/lib/errors";
import type { ScanMessagesResult } from "@/lib/brokers/types";

/**
 * A count or a selection read from a DLQ whose broker could not see some of its messages (RabbitMQ:
 * delivered to a consumer and not acknowledged) would be short without saying so: 409 with the
 * broker's reason and figure instead, to be asked again once the messages are back.
 */
export function refuseUnseen(result: ScanMessagesResult, what: string): void {
  if (!result.unseen) return;
  throw conflict(`${what} would leave out messages the broker holds elsewhere: ${result.unseen.reason}. Try again once they are back in the queue.`, { unseen: result.unseen.messages });
}
