import { describe, expect, it } from "vitest";
import { openApiDocument as doc, type JsonSchema, type OperationObject, type ParameterObject, type ReferenceObject } from "@/lib/contract/openapi";

// ../shared/API.md fixes the API's names; its extensions (issue 15, item 5) are described only in
// /api/v1/openapi.json, which is therefore their reference. This keeps each of them in the generated
// document (the object the route serves) with a description, so that dropping one, or its prose,
// from lib/contract fails here.

function resolve<T>(value: T | ReferenceObject): T {
  if (value && typeof value === "object" && "$ref" in value && typeof value.$ref === "string") {
    let target: unknown = doc;
    for (const part of value.$ref.replace(/^#\//, "").split("/")) target = (target as Record<string, unknown> | undefined)?.[part];
    if (target === undefined) throw new Error(`unresolved $ref ${value.$ref}`);
    return resolve(target as T | ReferenceObject);
  }
  return value as T;
}

function operation(path: string, method: "get" | "post"): OperationObject {
  const found = doc.paths[path]?.[method];
  if (!found) throw new Error(`${method.toUpperCase()} ${path} is not in openapi.json`);
  return found;
}

/** The schema of `name` wherever it is a property in `schema` (through $ref, unions, allOf, nested objects and arrays). */
function propertyOf(schema: JsonSchema | ReferenceObject | undefined, name: string, depth = 0): JsonSchema | undefined {
  if (!schema || depth > 8) return undefined;
  const resolved = resolve<JsonSchema>(schema);
  const properties = (resolved.properties ?? {}) as Record<string, JsonSchema>;
  if (properties[name]) return resolve<JsonSchema>(properties[name]);
  const parts = [...["anyOf", "oneOf", "allOf"].flatMap((key) => (resolved[key] as JsonSchema[] | undefined) ?? []), ...Object.values(properties)];
  if (resolved.items) parts.push(resolved.items as JsonSchema);
  for (const part of parts) {
    const found = propertyOf(part, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function bodyProperty(path: string, name: string): JsonSchema | undefined {
  const body = operation(path, "post").requestBody;
  return propertyOf(body?.content["application/json"]?.schema as JsonSchema | undefined, name);
}

function responseProperty(path: string, method: "get" | "post", status: string, name: string): JsonSchema | undefined {
  const response = resolve(operation(path, method).responses[status]!);
  return propertyOf(response.content?.["application/json"]?.schema as JsonSchema | undefined, name);
}

function queryParameter(path: string, name: string): ParameterObject | undefined {
  const item = doc.paths[path]!;
  return [...(item.parameters ?? []), ...(operation(path, "get").parameters ?? [])]
    .map((parameter) => resolve<ParameterObject>(parameter))
    .find((parameter) => parameter.in === "query" && parameter.name === name);
}

const described = (thing: { description?: unknown } | undefined) => typeof thing?.description === "string" && thing.description.trim().length > 0;

const DLQ = "/api/v1/clusters/{cluster}/dlq/{topic}";
const MESSAGES = "/api/v1/clusters/{cluster}/topics/{topic}/messages";

describe("openapi.json describes the extensions ../shared/API.md does not list", () => {
  it("discard's dryRun and requeue's clearIdempotencyRecords are body fields with a description", () => {
    expect(described(bodyProperty(`${DLQ}/discard`, "dryRun"))).toBe(true);
    expect(described(bodyProperty(`${DLQ}/requeue`, "clearIdempotencyRecords"))).toBe(true);
  });

  it("search's scanLimit and cursor are query parameters, scanned and stoppedBy answer fields, all described", () => {
    expect(described(queryParameter(MESSAGES, "scanLimit"))).toBe(true);
    expect(described(queryParameter(MESSAGES, "cursor"))).toBe(true);
    expect(described(responseProperty(MESSAGES, "get", "200", "scanned"))).toBe(true);
    const stoppedBy = responseProperty(MESSAGES, "get", "200", "stoppedBy");
    expect(described(stoppedBy)).toBe(true);
    expect(stoppedBy?.enum).toEqual(expect.arrayContaining(["matches", "end", "scanLimit", "timeBudget"]));
  });

  it("the cron route is there with what it does and the outcomes it answers", () => {
    const cron = operation("/api/v1/cron/sample", "get");
    expect(described(cron)).toBe(true);
    expect(cron.description).toContain("CRON_SECRET");
    expect(described(responseProperty("/api/v1/cron/sample", "get", "200", "outcome"))).toBe(true);
  });

  it("health's mode is an answer field naming both modes", () => {
    const mode = responseProperty("/api/v1/health", "get", "200", "mode");
    expect(described(mode)).toBe(true);
    expect(mode?.enum).toEqual(["server", "serverless"]);
  });

  it("the live stream's polling event (serverless) is described", () => {
    const live = operation("/api/v1/live", "get");
    expect(live.description).toContain("event: polling");
    expect(live.description).toContain("X-Eventscope-Live: polling");
  });
});
