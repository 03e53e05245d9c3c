import "server-only";
import type { Channel, ConsumeMessage } from "amqplib";
import { MAX_HELD } from "./held-queue-reader";

// One pass over a queue by consuming it without acknowledging: every message stays the caller's
// (invisible to other consumers) until the channel is closed, when RabbitMQ returns them in order.
// The pass covers the messages present when it began, at most MAX_HELD of them (AMQP's prefetch
// limit), and ends early when `visit` says so or nothing arrives for IDLE_MS.

const IDLE_MS = 1_500;

/**
 * @returns how many messages the pass saw, whether that was the whole queue (of the messages ready
 * when it began), and how many consumers the queue had before the pass (messages they were delivered
 * and have not acknowledged are not ready: the pass cannot see them).
 */
export async function passOverQueue(channel: Channel, queue: string, visit: (message: ConsumeMessage) => boolean): Promise<{ seen: number; whole: boolean; consumers: number }> {
  const { messageCount: present, consumerCount: consumers } = await channel.checkQueue(queue);
  if (present === 0) return { seen: 0, whole: true, consumers };
  const wanted = Math.min(present, MAX_HELD);
  await channel.prefetch(wanted, true);
  let seen = 0;
  let stopped = false;
  await new Promise<void>((resolve, reject) => {
    let idle: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(finish, IDLE_MS);
    };
    function finish() {
      clearTimeout(idle);
      resolve();
    }
    channel.on("close", finish);
    channel
      .consume(
        queue,
        (message) => {
          if (message === null || stopped) return finish();
          seen++;
          if (visit(message) || seen >= wanted) {
            stopped = true;
            return finish();
          }
          arm();
        },
        { noAck: false },
      )
      .then(arm, reject);
  });
  return { seen, whole: seen >= present, consumers };
}
