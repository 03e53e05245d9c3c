import "server-only";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsClusterConfig } from "@/lib/config/schema";

type NatsConnection = Awaited<ReturnType<typeof connect>>;

export interface NatsClients {
  nc: NatsConnection;
  jsm: JetStreamManager;
  js: JetStreamClient;
}

const CONNECT_TIMEOUT_MS = 3_000;
const API_TIMEOUT_MS = 5_000;

/**
 * One connection per cluster, made on first use. The client is not allowed to reconnect in the
 * background: while it does, requests queue silently; a fresh connect instead fails at once with the
 * real reason ("connection refused"), which is what the cluster status should say.
 */
export function createNatsConnectionPool(config: NatsClusterConfig) {
  let clients: NatsClients | undefined;
  let opening: Promise<NatsClients> | undefined;

  const open = async (): Promise<NatsClients> => {
    const nc = await connect({
      servers: config.servers,
      name: `eventscope-${config.id}`,
      timeout: CONNECT_TIMEOUT_MS,
      reconnect: false,
      token: config.token,
      user: config.user,
      pass: config.pass,
    });
    try {
      const jsm = await jetstreamManager(nc, { timeout: API_TIMEOUT_MS });
      return { nc, jsm, js: jetstream(nc, { timeout: API_TIMEOUT_MS }) };
    } catch (error) {
      await nc.close().catch(() => undefined);
      throw error;
    }
  };

  return {
    async get(): Promise<NatsClients> {
      if (clients && !clients.nc.isClosed()) return clients;
      clients = undefined;
      opening ??= open().finally(() => {
        opening = undefined;
      });
      clients = await opening;
      return clients;
    },
    async close(): Promise<void> {
      const closing = clients;
      clients = undefined;
      await closing?.nc.close().catch(() => undefined);
    },
  };
}
