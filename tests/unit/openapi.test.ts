import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  HTTP_METHODS,
  openApiDocument as doc,
  openApiPathOf,
  type JsonSchema,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
} from "@/lib/contract/openapi";
import { listAuditQuery } from "@/lib/contract/access";
import { listConsumersQuery } from "@/lib/contract/consumers";
import { listJobsQuery } from "@/lib/contract/jobs";
import { listDlqMessagesQuery } from "@/lib/contract/dlq";
import { listRecordsQuery, traceQuery } from "@/lib/contract/idempotency";
import { readMessagesQuery } from "@/lib/contract/topics";
import { createMaskingRuleBody as createMaskingRuleSchema, createUserBody as createUserSchema, updateUserBody as updateUserSchema } from "@/lib/contract/access";
import { clusterInputSchema } from "@/lib/clusters/cluster-secrets";
import { resetBodySchema } from "@/lib/consumers/reset-request";
import { discardBody as discardBodySchema, dlqFilter as dlqFilterSchema, requeueBody as requeueBodySchema } from "@/lib/contract/dlq";
import { replayBody as replayBodySchema } from "@/lib/contract/jobs";

// The OpenAPI document (lib/contract, docs/api-contract.md) is well formed, its path parameters match the
// placeholders, every $ref resolves, and the query and body fields it lists are those the routes'
// zod schemas read. That every route is in it is tests/integration/openapi-routes.test.ts.

type Operation = { path: string; method: string; operation: OperationObject };
const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  HTTP_METHODS.flatMap((method) => (item[method] ? [{ path, method, operation: item[method]! }] : [])),
);

function resolve<T>(value: T | ReferenceObject): T {
  if (value && typeof value === "object" && "$ref" in value && typeof value.$ref === "string") {
    const parts = value.$ref.replace(/^#\//, "").split("/");
    let target: unknown = doc;
    for (const part of parts) target = (target as Record<string, unknown> | undefined)?.[part];
    if (target === undefined) throw new Error(`unresolved $ref ${value.$ref}`);
    return resolve(target as T | ReferenceObject);
  }
  return value as T;
}

function parametersOf(path: string, method: string): ParameterObject[] {
  const item = doc.paths[path]!;
  const operation = item[method as keyof typeof item] as OperationObject;
  return [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolve<ParameterObject>(p));
}

function collectRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, found);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "$ref" && typeof item === "string") found.push(item);
      else collectRefs(item, found);
    }
  }
  return found;
}

/** Property names of an object schema, through $ref, allOf and oneOf. */
function propertyNames(schema: JsonSchema): string[] {
  const resolved = resolve<JsonSchema>(schema as JsonSchema | ReferenceObject);
  const names = new Set(Object.keys((resolved.properties as Record<string, unknown> | undefined) ?? {}));
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    for (const part of (resolved[key] as JsonSchema[] | undefined) ?? []) for (const name of propertyNames(part)) names.add(name);
  }
  return [...names].sort();
}

function requestBodyOf(path: string, method: string): JsonSchema {
  const operation = doc.paths[path]?.[method as "post"];
  const schema = operation?.requestBody?.content["application/json"]?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} has no JSON request body`);
  return schema;
}

const zodKeys = (schema: z.ZodObject) => Object.keys(schema.shape).sort();
const queryNames = (path: string) => parametersOf(path, "get").filter((p) => p.in === "query").map((p) => p.name).sort();

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with info, paths and both security schemes", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(Object.keys(doc.paths).length).toBeGreaterThan(30);
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ type: "apiKey", in: "cookie", name: "eventscope_session" });
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    for (const requirement of doc.security) for (const name of Object.keys(requirement)) expect(doc.components.securitySchemes).toHaveProperty(name);
    // Served as JSON: it must survive a round trip unchanged.
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("has path parameters that match each path's {placeholders}, all required", () => {
    for (const { path, method } of operations) {
      expect(path, path).toMatch(/^\/api\//);
      const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      const pathParams = parametersOf(path, method).filter((p) => p.in === "path");
      expect(pathParams.map((p) => p.name).sort(), `${method.toUpperCase()} ${path}`).toEqual(placeholders);
      for (const p of pathParams) expect(p.required, `${path} {${p.name}}`).toBe(true);
      const names = parametersOf(path, method).map((p) => `${p.in}:${p.name}`);
      expect(new Set(names).size, `${path}: a parameter is listed twice`).toBe(names.length);
    }
  });

  it("names every operation uniquely, with a success answer and the error body for failures", () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const errorSchema = { $ref: "#/components/schemas/Error" };
    for (const { path, method, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      const statuses = Object.keys(operation.responses);
      // 303 is the success of the single sign-on routes, which are browser navigations.
      expect(statuses.some((status) => /^(2\d\d|303)$/.test(status)), where).toBe(true);
      for (const status of statuses.filter((s) => /^[45]\d\d$/.test(s))) {
        const answer = resolve(operation.responses[status]!);
        expect(answer.content?.["application/json"]?.schema, `${where} ${status}`).toEqual(errorSchema);
      }
      expect(["public", "viewer", "operator", "admin"], where).toContain(operation["x-eventscope-access"]);
      if (operation["x-eventscope-access"] === "public") expect(operation.security, where).toEqual([]);
      else {
        expect(operation.security, where).toBeUndefined();
        expect(statuses, where).toEqual(expect.arrayContaining(["401", "403"]));
      }
      if (operation.requestBody) expect(statuses, where).toContain("400");
      expect(operation.tags.every((tag) => doc.tags.some((t) => t.name === tag)), where).toBe(true);
    }
  });

  it("resolves every $ref", () => {
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const target of new Set(refs)) expect(() => resolve({ $ref: target }), target).not.toThrow();
  });

  it("describes the error body {error: {code, message, field?}}", () => {
    const error = resolve<JsonSchema>({ $ref: "#/components/schemas/Error" });
    expect(error.required).toEqual(["error"]);
    const inner = (error.properties as Record<string, JsonSchema>).error!;
    expect(inner.required).toEqual(["code", "message"]);
    expect(Object.keys(inner.properties as object)).toEqual(expect.arrayContaining(["code", "message", "field"]));
    expect((inner.properties as Record<string, JsonSchema>).code!.enum).toEqual(expect.arrayContaining(["not-found", "invalid-input", "broker-unavailable"]));
  });

  it("serves the live feed as text/event-stream and the metrics as Prometheus text", () => {
    expect(Object.keys((resolve(doc.paths["/api/v1/live"]!.get!.responses["200"]!).content ?? {}))).toContain("text/event-stream");
    expect(Object.keys((resolve(doc.paths["/api/metrics"]!.get!.responses["200"]!).content ?? {}))[0]).toMatch(/^text\/plain/);
  });

  it("maps route folders to OpenAPI paths", () => {
    expect(openApiPathOf("/api/v1/clusters/[cluster]/dlq/[topic]/messages")).toBe("/api/v1/clusters/{cluster}/dlq/{topic}/messages");
    expect(openApiPathOf("/api/v1/idempotency/[store]/records/[key]")).toBe("/api/v1/idempotency/{store}/records/{key}");
  });
});

describe("the OpenAPI document lists the fields the routes read", () => {
  it.each([
    ["/api/v1/clusters/{cluster}/topics/{topic}/messages", readMessagesQuery],
    ["/api/v1/clusters/{cluster}/consumers", listConsumersQuery],
    ["/api/v1/clusters/{cluster}/dlq/{topic}/messages", listDlqMessagesQuery],
    ["/api/v1/idempotency/{store}/records", listRecordsQuery],
    ["/api/v1/trace", traceQuery],
    ["/api/v1/audit", listAuditQuery],
    ["/api/v1/jobs", listJobsQuery],
  ] as [string, z.ZodObject][])("query of GET %s", (path, schema) => {
    expect(queryNames(path)).toEqual(zodKeys(schema));
  });

  it.each([
    ["post", "/api/v1/clusters/{cluster}/dlq/{topic}/requeue", requeueBodySchema],
    ["post", "/api/v1/clusters/{cluster}/dlq/{topic}/discard", discardBodySchema],
    ["post", "/api/v1/clusters/{cluster}/topics/{topic}/replay", replayBodySchema],
    ["post", "/api/v1/clusters/{cluster}/consumers/{group}/reset", resetBodySchema],
    ["post", "/api/v1/users", createUserSchema],
    ["patch", "/api/v1/users/{user}", updateUserSchema],
    ["post", "/api/v1/masking-rules", createMaskingRuleSchema],
  ] as [string, string, z.ZodObject][])("body of %s %s", (method, path, schema) => {
    expect(propertyNames(requestBodyOf(path, method))).toEqual(zodKeys(schema));
  });

  it("body of the DLQ filter", () => {
    const filter = (resolve<JsonSchema>(requestBodyOf("/api/v1/clusters/{cluster}/dlq/{topic}/requeue", "post")).properties as Record<string, JsonSchema>).filter!;
    expect(propertyNames(filter)).toEqual(zodKeys(dlqFilterSchema));
  });

  it("body of POST/PUT clusters (both kinds)", () => {
    const documented = propertyNames(requestBodyOf("/api/v1/clusters", "post"));
    const fromZod = [...new Set(clusterInputSchema.options.flatMap((option) => Object.keys(option.shape)))].sort();
    expect(documented).toEqual(fromZod);
    expect(requestBodyOf("/api/v1/clusters/{cluster}", "put")).toEqual(requestBodyOf("/api/v1/clusters", "post"));
  });
});
