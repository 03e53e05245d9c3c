import "server-only";
import { NextResponse } from "next/server";
import type { Operation } from "@/lib/contract/operation";
import type { AnyVerb, Verb } from "@/lib/verbs/verb";
import { apiRoute, parseJsonBody } from "./handler";

// The route handler of a write: the verb's access (from its contract operation), its body parsed,
// then the verb, then how HTTP shows the result. The verb stays readable on the handler
// (tests/unit/write-verbs.test.ts checks every mutating route through it).

type Respond<R> = (result: R, request: Request) => Response | unknown;

export function verbRoute<Op extends Operation, K extends string, B, R>(verb: Verb<Op, K, B, R>, respond?: Respond<R>) {
  const schema = verb.operation.body;
  const route = apiRoute<Record<K, string>>(
    async (request, params, actor) => {
      const body = (schema ? await parseJsonBody(request, schema) : undefined) as B;
      const result = await verb.run({ actor, params, body, request });
      return respond ? respond(result, request) : result;
    },
    { access: verb.operation.access },
  );
  return Object.assign(route, { verb: verb as unknown as AnyVerb });
}

/** 201 with the result. */
export const created = (result: unknown) => NextResponse.json(result, { status: 201 });
/** 204, no body. */
export const noContent = () => new Response(null, { status: 204 });
/** A queued job is 202; a dry run's answer is 200. */
export const jobOrDryRun = (result: object) => ("job" in result ? NextResponse.json(result, { status: 202 }) : result);
