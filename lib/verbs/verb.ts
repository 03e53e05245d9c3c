import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/roles";
import type { Operation } from "@/lib/contract/operation";

// One write of the API as a unit (openstatus packages/services/src/<entity>/<verb>.ts):
//   authorize  the operation's access (lib/contract), checked by the route wrapper's guard
//   parse      the operation's request body schema: the contract's, the only one
//   execute    run()
//   audit      run() records one of `audits` (lib/audit/record-audit.ts) for every change it makes
// Routes only call verbRoute(verb) (lib/api/verb-route.ts). tests/unit/write-verbs.test.ts fails when a
// mutating route is not a verb naming its audit actions; tests/integration/write-audit.test.ts calls each
// one and fails when its audit row is missing.

type ContractBody<Op extends Operation> = Op extends { body: infer S extends z.ZodType } ? z.output<S> : undefined;

export interface VerbInput<P, B> {
  actor: Actor;
  /** Path parameters, as the router decoded them. */
  params: P;
  body: B;
  /** For what only HTTP carries (the client's address, cookies). */
  request: Request;
}

export interface Verb<Op extends Operation, K extends string, B, R> {
  operation: Op;
  /** The path parameters run() reads (`["cluster", "topic"]`), as the route's folders name them. */
  params?: readonly K[];
  /** Audit actions run() records ("cluster.create"); at least one. */
  audits: readonly [string, ...string[]];
  run(input: VerbInput<Record<K, string>, B>): Promise<R>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyVerb = Verb<Operation, string, any, unknown>;

/** Keeps a verb's types: its body is what the operation's body schema parses to. */
export function defineVerb<Op extends Operation, K extends string = never, R = unknown>(verb: Verb<Op, K, ContractBody<Op>, R>): Verb<Op, K, ContractBody<Op>, R> {
  return verb;
}
