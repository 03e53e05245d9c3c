import { z } from "zod";
import { allOperations } from "./index";
import { HTTP_METHODS, type ErrorResponse, type Operation } from "./operation";
import type { JsonSchema, OpenApiDocument, OperationObject, ParameterObject, PathItemObject, ReferenceObject, ResponseObject } from "./openapi-types";
import { documentedAs, namedSchemas } from "./schema-kit";
import { documentComponents, documentHead } from "./openapi-parts";

// GET /api/v1/openapi.json, generated from the contract's zod schemas with zod 4's own
// z.toJSONSchema (draft 2020-12, which OpenAPI 3.1 uses): no second description to keep in step.
// Named schemas (schema-kit `named`) become components.schemas and are referred to with $ref.

const COMPONENT_REF = (name: string) => `#/components/schemas/${name}`;
const JSON_TYPE = "application/json";
const STATUS_OF: Record<ErrorResponse, string> = {
  BadRequest: "400",
  Unauthorized: "401",
  Forbidden: "403",
  NotFound: "404",
  Conflict: "409",
  Unprocessable: "422",
  TooManyRequests: "429",
  Unavailable: "503",
};

/** Noise z.toJSONSchema adds that the document has never carried; schemas shown as another (schema-kit `shownAs`). */
function tidy(responses: boolean) {
  const override = ({ zodSchema, jsonSchema }: { zodSchema: unknown; jsonSchema: JsonSchema }) => {
    const documented = documentedAs.get(zodSchema as z.ZodType);
    if (documented) {
      for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
      Object.assign(jsonSchema, stripHeader(z.toJSONSchema(documented, { io: "input", unrepresentable: "any", override }) as JsonSchema));
    }
    // z.number().int() without bounds: ±MAX_SAFE_INTEGER.
    if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    // z.iso.datetime(): `format: date-time` says it; the 300-character pattern adds nothing.
    if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
    // Responses are strict for the tests only (schema-kit `wire`); clients must accept new fields.
    if (responses && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
  };
  return override;
}

function stripHeader(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * Converts one family of schemas (the named ones plus those of the operations) in a single pass,
 * so that the operations' inline schemas refer to the named ones by $ref.
 */
function convert(inline: Map<string, z.ZodType>, io: "input" | "output", responses: boolean) {
  const registry = z.registry<{ id: string }>();
  const named = new Map<z.ZodType, string>();
  for (const [name, schema] of namedSchemas) {
    registry.add(schema, { id: name });
    named.set(schema, name);
  }
  // A copy for each inline schema, so that a shared one (isoTime) is not turned into a component.
  const copies = new Map<string, z.ZodType>();
  for (const [key, schema] of inline) {
    if (named.has(schema)) continue;
    const copy = schema.meta({ ...z.globalRegistry.get(schema) });
    copies.set(key, copy);
    registry.add(copy, { id: key });
  }
  const { schemas } = z.toJSONSchema(registry, { uri: COMPONENT_REF, io, unrepresentable: "any", override: tidy(responses) }) as { schemas: Record<string, JsonSchema> };
  const of = (key: string): JsonSchema => {
    const schema = inline.get(key)!;
    const name = named.get(schema);
    return name ? { $ref: COMPONENT_REF(name) } : stripHeader(schemas[key]!);
  };
  const components = Object.fromEntries([...namedSchemas.keys()].map((name) => [name, stripHeader(schemas[name]!)]));
  return { of, components };
}

const responseKey = (op: Operation, status: string) => `response:${op.id}:${status}`;
const bodyKey = (op: Operation) => `body:${op.id}`;
const paramKey = (op: Operation, name: string) => `param:${op.id}:${name}`;

export function buildOpenApiDocument(operations: readonly Operation[]): OpenApiDocument {
  const responseSchemas = new Map<string, z.ZodType>();
  const requestSchemas = new Map<string, z.ZodType>();
  for (const op of operations) {
    for (const [status, answer] of Object.entries(op.responses)) if (answer.schema) responseSchemas.set(responseKey(op, status), answer.schema);
    if (op.body) requestSchemas.set(bodyKey(op), op.body);
    for (const parameter of op.parameters ?? []) requestSchemas.set(paramKey(op, parameter.name), parameter.schema);
  }
  const responses = convert(responseSchemas, "output", true);
  const requests = convert(requestSchemas, "input", false);

  const paths: Record<string, PathItemObject> = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= pathItem(op.path));
    item[op.method] = operationObject(op, responses.of, requests.of);
  }
  return { ...documentHead, paths, components: { ...documentComponents, schemas: responses.components } };
}

/** Path parameters come from the placeholders; each is a components.parameters entry. */
function pathItem(path: string): PathItemObject {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  return names.length ? { parameters: names.map((name) => ({ $ref: `#/components/parameters/${name}` })) } : {};
}

function operationObject(op: Operation, responseOf: (key: string) => JsonSchema, requestOf: (key: string) => JsonSchema): OperationObject {
  const answers: Record<string, ResponseObject | ReferenceObject> = {};
  for (const [status, answer] of Object.entries(op.responses)) {
    const content = { ...(answer.schema ? { [JSON_TYPE]: { schema: responseOf(responseKey(op, status)) } } : {}), ...answer.content };
    answers[status] = { description: answer.description, ...(answer.headers ? { headers: answer.headers } : {}), ...(Object.keys(content).length ? { content } : {}) };
  }
  const errors = new Set<ErrorResponse>(op.errors ?? []);
  if (op.access !== "public") {
    errors.add("Unauthorized");
    errors.add("Forbidden");
  }
  if (op.body) errors.add("BadRequest");
  for (const name of errors) answers[STATUS_OF[name]] ??= { $ref: `#/components/responses/${name}` };
  answers["500"] = { $ref: "#/components/responses/InternalError" };
  const parameters: ParameterObject[] = (op.parameters ?? []).map((p) => ({
    name: p.name,
    in: p.in,
    ...(p.required ? { required: true } : {}),
    description: p.description,
    schema: requestOf(paramKey(op, p.name)),
  }));
  return {
    operationId: op.id,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    ...(op.access === "public" ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, ...(op.bodyDescription ? { description: op.bodyDescription } : {}), content: { [JSON_TYPE]: { schema: requestOf(bodyKey(op)) } } } }
      : {}),
    responses: answers,
    "x-eventscope-access": op.access,
  };
}

export const openApiDocument: OpenApiDocument = buildOpenApiDocument(allOperations);
export { HTTP_METHODS };

/** `/api/v1/clusters/{cluster}` for `app/api/v1/clusters/[cluster]/route.ts`'s folder. */
export function openApiPathOf(routeFolder: string): string {
  return routeFolder.replace(/\[(?:\.\.\.)?(\w+)\]/g, "{$1}");
}

export type * from "./openapi-types";
