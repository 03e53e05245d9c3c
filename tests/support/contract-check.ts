import { z } from "zod";
import { allOperations } from "@/lib/contract";
import { ApiError } from "@/lib/contract/common";
import { LiveEvent } from "@/lib/contract/system";
import type { Operation } from "@/lib/contract/operation";

// The contract holds in practice: every answer an integration test gets through call()
// (tests/support/routes.ts), from real brokers, is parsed with the response schema its operation
// declares for that status (strictly: a field the contract lacks fails, and so does a missing one),
// and every error answer with the error body. A test therefore fails when a handler drifts from
// lib/contract, whatever the test itself asserts.

interface Matcher {
  operation: Operation;
  pattern: RegExp;
  literalSegments: number;
}

const matchers: Matcher[] = allOperations
  .map((operation) => ({
    operation,
    pattern: new RegExp(`^${operation.path.replace(/[.]/g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`),
    literalSegments: operation.path.split("/").filter((segment) => segment && !segment.startsWith("{")).length,
  }))
  // `/clusters/{cluster}/topics` before `/clusters/{cluster}/{anything}`.
  .sort((a, b) => b.literalSegments - a.literalSegments);

export function operationFor(method: string, pathname: string): Operation | undefined {
  const lower = method.toLowerCase();
  return matchers.find((matcher) => matcher.operation.method === lower && matcher.pattern.test(pathname))?.operation;
}

export class ContractViolation extends Error {
  override name = "ContractViolation";
}

/** Throws when the answer is not what the contract says `method path` answers with `status`. */
export function checkAgainstContract(method: string, url: string, response: Response, body: unknown): void {
  const { pathname } = new URL(url);
  const operation = operationFor(method, pathname);
  if (!operation) return; // a route missing from the contract: tests/integration/openapi-routes.test.ts says so
  const where = `${method.toUpperCase()} ${operation.path} answered ${response.status}`;
  const isJson = /application\/json/.test(response.headers.get("content-type") ?? "");
  if (response.status >= 400) {
    if (isJson) parseOrThrow(ApiError, body, where);
    return;
  }
  if (response.status >= 300) return; // redirects of the single sign-on routes
  const spec = operation.responses[String(response.status)];
  if (!spec) throw new ContractViolation(`${where}, a status lib/contract does not list for it (${Object.keys(operation.responses).join(", ")})`);
  if (spec.schema && isJson) parseOrThrow(spec.schema, body, where);
}

/**
 * Server-Sent Events are text/event-stream, which checkAgainstContract does not parse: a test that
 * reads GET /api/v1/live's `event: sample` frames checks each `data:` here, against the LiveEvent the
 * operation names.
 */
export function checkLiveEventData(data: unknown): void {
  parseOrThrow(LiveEvent, data, "GET /api/v1/live sent an event: sample");
}

function parseOrThrow(schema: z.ZodType, body: unknown, where: string): void {
  const result = schema.safeParse(body);
  if (!result.success) throw new ContractViolation(`${where} with a body lib/contract does not describe:\n${z.prettifyError(result.error)}`);
}
