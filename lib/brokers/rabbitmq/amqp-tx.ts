import "server-only";
import type { Channel } from "amqplib";

// amqplib's promise API has no method for AMQP transactions (tx.select / tx.commit / tx.rollback),
// but every channel sends any method of the protocol through rpc(), by its id: class 90 (tx) << 16 |
// method (AMQP 0-9-1; the same numbers as amqplib's lib/defs.js, which its package does not export).
const TX = 90 << 16;
const SELECT = TX | 10;
const SELECT_OK = TX | 11;
const COMMIT = TX | 20;
const COMMIT_OK = TX | 21;
const ROLLBACK = TX | 30;
const ROLLBACK_OK = TX | 31;

type RpcChannel = Channel & { rpc(method: number, fields: Record<string, never>, expect: number): Promise<unknown> };

export const txSelect = (channel: Channel) => (channel as RpcChannel).rpc(SELECT, {}, SELECT_OK);
export const txCommit = (channel: Channel) => (channel as RpcChannel).rpc(COMMIT, {}, COMMIT_OK);
export const txRollback = (channel: Channel) => (channel as RpcChannel).rpc(ROLLBACK, {}, ROLLBACK_OK);
