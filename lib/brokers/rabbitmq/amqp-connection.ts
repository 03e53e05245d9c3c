import "server-only";
import { connect, type Channel, type ChannelModel, type ConfirmChannel } from "amqplib";

const CONNECT_TIMEOUT_MS = 4_000;
const HEARTBEAT_S = 30;

/**
 * One AMQP connection per cluster and vhost, made on first use and dropped when the broker closes it
 * (a channel error closes only the channel; a connection error makes the next call connect again).
 * No background reconnect: a call made while the broker is away fails at once with the real reason.
 * Every connection and channel gets an 'error' listener: amqplib emits 'error' events, and one
 * without a listener would crash the console.
 */
export function createAmqpPool(url: string, name: string) {
  const connections = new Map<string, Promise<ChannelModel>>();

  const urlFor = (vhost: string) => {
    const parsed = new URL(url);
    parsed.pathname = `/${encodeURIComponent(vhost)}`;
    if (!parsed.searchParams.has("heartbeat")) parsed.searchParams.set("heartbeat", String(HEARTBEAT_S));
    return parsed.toString();
  };

  const open = async (vhost: string): Promise<ChannelModel> => {
    const model = await connect(urlFor(vhost), {
      timeout: CONNECT_TIMEOUT_MS,
      clientProperties: { connection_name: `eventscope-${name}` },
    });
    model.on("error", () => undefined);
    model.on("close", () => connections.delete(vhost));
    return model;
  };

  const connection = (vhost: string): Promise<ChannelModel> => {
    let pending = connections.get(vhost);
    if (!pending) {
      pending = open(vhost);
      connections.set(vhost, pending);
      pending.catch(() => connections.delete(vhost));
    }
    return pending;
  };

  async function withChannel<T>(vhost: string, work: (channel: Channel) => Promise<T>): Promise<T> {
    const channel = await (await connection(vhost)).createChannel();
    channel.on("error", () => undefined);
    try {
      return await work(channel);
    } finally {
      // Closing returns every message still unacknowledged on this channel to its queue.
      await channel.close().catch(() => undefined);
    }
  }

  async function withConfirmChannel<T>(vhost: string, work: (channel: ConfirmChannel) => Promise<T>): Promise<T> {
    const channel = await (await connection(vhost)).createConfirmChannel();
    channel.on("error", () => undefined);
    try {
      return await work(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** A channel the caller keeps (and closes): a requeue holds DLQ messages on it across turns. */
  async function openChannel(vhost: string): Promise<Channel> {
    const channel = await (await connection(vhost)).createChannel();
    channel.on("error", () => undefined);
    return channel;
  }

  return {
    openChannel,
    withChannel,
    withConfirmChannel,
    async close(): Promise<void> {
      const all = [...connections.values()];
      connections.clear();
      await Promise.all(all.map((pending) => pending.then((model) => model.close()).catch(() => undefined)));
    },
  };
}

export type AmqpPool = ReturnType<typeof createAmqpPool>;
