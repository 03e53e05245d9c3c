// The request generator of the API fuzz tests (tests/integration/api-fuzz.test.ts in-process,
// tests/e2e/api-fuzz-server.test.ts against the production server). It reads the OpenAPI document
// (lib/contract, docs/api-contract.md) and makes, for each operation, requests whose path parameters, query
// parameters, body and credentials are plausible values from the schemas mixed with hostile ones:
// wrong types, extreme numbers, huge and deeply nested bodies, invalid UTF-8, bad percent-encoding,
// NUL and control characters, long names, glob and regex metacharacters.
//
// Repeatable: request `index` of seed `seed` is always the same request (its own PRNG stream), so a
// failure prints `EVENTSCOPE_FUZZ_SEED=<seed>` and the request, and can be replayed alone. The sweep
// (sweepRequests) numbers its requests from 1,000,000.
import type { JsonSchema, OpenApiDocument, OperationObject, ParameterObject, ReferenceObject } from "@/lib/contract/openapi";
import { HTTP_METHODS } from "@/lib/contract/openapi";

// ------------------------------------------------------------------------------------------ PRNG

/** mulberry32: tiny, fast, good enough to pick test inputs; one stream per (seed, request index). */
export class Rng {
  private state: number;
  constructor(seed: number, stream = 0) {
    this.state = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** The seed: EVENTSCOPE_FUZZ_SEED (a number, or "random" for a fresh one), else a fixed default so CI is repeatable. */
export function fuzzSeed(): number {
  const text = process.env.EVENTSCOPE_FUZZ_SEED;
  if (text === "random") return Math.floor(Math.random() * 2 ** 31);
  if (text && /^\d+$/.test(text)) return Number(text);
  return 20261206;
}

// ------------------------------------------------------------------------------- hostile values

const LONG = 5_000;
/** Strings that have broken parsers, matchers, brokers and databases before. */
export const HOSTILE_STRINGS: readonly string[] = [
  "",
  " ",
  "a".repeat(LONG),
  "é".repeat(LONG),
  "😀".repeat(1_000),
  "\u0000",
  "a\u0000b",
  "\u0001\u0002\u001b[31m\u007f",
  "line\r\nInjected: header",
  "\ud800",
  "x\udfff",
  "\u202eevil",
  "\ufeff",
  "*?*?*?*?*?*?*?*?*?*?*?!",
  "*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?!",
  "(a+)+$",
  "((a*)*)*b",
  "(?:a|a)*$",
  "[",
  "\\",
  "a".repeat(60) + "!",
  "*",
  ">",
  "orders.*",
  "$JS.API.STREAM.DELETE.x",
  "_INBOX.x",
  "__consumer_offsets",
  "../../../../etc/passwd",
  "..",
  "%00",
  "%ff",
  "%",
  "<script>alert(1)</script>",
  "' OR '1'='1' --",
  "${jndi:ldap://x}",
  "__proto__",
  "constructor",
  "null",
  "NaN",
  "1e309",
  "-1",
  "9007199254740993",
  "0x10",
  "2026-13-45T99:99:99Z",
  "@",
];

/** Query-string numbers (and not-numbers). */
export const HOSTILE_NUMBER_TEXTS: readonly string[] = ["NaN", "Infinity", "-Infinity", "1e309", "-1", "0", "9007199254740993", "1.5", "0x1f", " 7", "", "99999999999999999999999"];

/** JSON number tokens as written in a body (1e309 parses to Infinity, 1e-400 to 0). */
const HOSTILE_NUMBER_TOKENS: readonly string[] = ["1e309", "-1e309", "-1", "0", "-0", "9007199254740993", "1.5", "1e-400", "2147483648", "-9223372036854775808", "123456789012345678901234567890"];

const WRONG_TYPES: readonly unknown[] = [null, true, false, 0, -1, 1.5, "", "text", [], [[]], {}, { a: 1 }];

// ------------------------------------------------------------------------------------ operations

export type Role = "anonymous" | "viewer" | "operator" | "admin";
export const ROLES: readonly Role[] = ["anonymous", "viewer", "operator", "admin"];

export interface FuzzOperation {
  method: string;
  /** "/api/v1/clusters/{cluster}/topics" */
  template: string;
  access: string;
  pathParams: ParameterObject[];
  queryParams: ParameterObject[];
  headerParams: ParameterObject[];
  bodySchema?: JsonSchema;
}

export function fuzzOperations(document: OpenApiDocument): FuzzOperation[] {
  const resolveParam = (p: ParameterObject | ReferenceObject): ParameterObject =>
    "$ref" in p ? document.components.parameters[p.$ref.split("/").pop()!]! : p;
  return Object.entries(document.paths).flatMap(([template, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => {
      const operation = item[method] as OperationObject;
      const params = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolveParam);
      return {
        method: method.toUpperCase(),
        template,
        access: operation["x-eventscope-access"],
        pathParams: params.filter((p) => p.in === "path"),
        queryParams: params.filter((p) => p.in === "query"),
        headerParams: params.filter((p) => p.in === "header"),
        bodySchema: operation.requestBody?.content["application/json"]?.schema,
      };
    }),
  );
}

// -------------------------------------------------------------------------------------- requests

export interface FuzzContext {
  document: OpenApiDocument;
  /** Real values per path parameter name (a cluster id, a topic of this run), so requests get past "not found". */
  known: Record<string, readonly string[]>;
  /** Real values for body and query fields by name (target, topic...), likewise. */
  knownFields?: Record<string, readonly string[]>;
  tokens: Partial<Record<Role, string>>;
  /** Whether raw-only mutations (bad percent-encoding, invalid UTF-8 bytes) are possible: only over a real socket. */
  wire: boolean;
}

export interface FuzzRequest {
  seed: number;
  index: number;
  role: Role;
  operation: FuzzOperation;
  method: string;
  /** Decoded path parameters, as the router hands them to the handler. */
  params: Record<string, string>;
  /** The request target as sent: encoded path and query. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What is odd about this request, for the failure message. */
  what: string[];
}

/** Request `index` of `seed`: the operation and role cycle so every pair is covered; the rest is random. */
export function makeRequest(context: FuzzContext, operations: readonly FuzzOperation[], seed: number, index: number): FuzzRequest {
  const rng = new Rng(seed, index);
  const operation = operations[index % operations.length]!;
  const role = ROLES[Math.floor(index / operations.length) % ROLES.length]!;
  const what: string[] = [];

  const params: Record<string, string> = {};
  let path = operation.template;
  for (const param of operation.pathParams) {
    const known = context.known[param.name] ?? [];
    const value = known.length > 0 && rng.chance(0.6) ? rng.pick(known) : rng.pick(HOSTILE_STRINGS);
    if (!known.includes(value)) what.push(`path ${param.name}=${describe(value)}`);
    params[param.name] = value;
    let encoded = encodeSegment(value);
    if (context.wire && rng.chance(0.08)) {
      encoded = rng.pick(["%ff", "%", "%zz", "a%2", "%ED%A0%80", "%C0%AF"]);
      what.push(`path ${param.name} raw ${encoded}`);
    }
    path = path.replace(`{${param.name}}`, encoded);
  }

  const query = new URLSearchParams();
  for (const param of operation.queryParams) {
    if (!rng.chance(0.5)) continue;
    const value = queryValue(rng, param, context);
    if (value.hostile) what.push(`query ${param.name}=${describe(value.text)}`);
    query.append(param.name, value.text);
  }
  if (rng.chance(0.05)) {
    query.append(rng.pick(operation.queryParams.map((p) => p.name).concat("unknown")), rng.pick(HOSTILE_STRINGS));
    what.push("repeated or unknown query parameter");
  }
  let search = query.toString();
  if (context.wire && search && rng.chance(0.05)) {
    search += "&q=%ff%fe%";
    what.push("query with bad percent-encoding");
  }

  const headers: Record<string, string> = {};
  const token = context.tokens[role];
  if (token) headers.authorization = `Bearer ${token}`;
  if (rng.chance(0.03)) {
    headers.authorization = rng.pick(["Bearer ", "Bearer es_" + "x".repeat(4000), "Basic Zm9vOmJhcg==", "Bearer \u00ff\u00fe"]);
    what.push(`authorization ${describe(headers.authorization)}`);
  }
  for (const param of operation.headerParams) {
    if (rng.chance(0.3)) {
      headers[param.name.toLowerCase()] = rng.pick(["1", "-1", "NaN", "1e309", "9007199254740993", "x".repeat(2000)]);
      what.push(`header ${param.name}`);
    }
  }

  let body: Buffer | undefined;
  if (operation.bodySchema || (operation.method !== "GET" && rng.chance(0.2))) {
    const made = makeBody(rng, operation.bodySchema ?? { type: "object" }, context);
    body = made.body;
    what.push(...made.what);
    headers["content-type"] = made.contentType;
  }
  return { seed, index, role, operation, method: operation.method, params, target: search ? `${path}?${search}` : path, headers, body, what };
}

/** The inputs that broke the console before (issue 11): each is sent once in every parameter and top-level body field. */
export const SWEEP_STRINGS: readonly string[] = [
  "*?*?*?*?*?*?*?*?*?*?*?!",
  "(a+)+$",
  "a".repeat(LONG),
  "a\u0000b",
  "\ud800",
  "$JS.API.STREAM.DELETE.x",
];

/**
 * The sweep: for every operation, each of SWEEP_STRINGS in each path parameter, query parameter
 * and top-level body field in turn, the rest plausible, as admin (past every role check, so the
 * value reaches the handler). Random requests may miss a parameter; the sweep never does.
 */
export function sweepRequests(context: FuzzContext, operations: readonly FuzzOperation[], seed: number): FuzzRequest[] {
  const requests: FuzzRequest[] = [];
  let index = 1_000_000;
  for (const operation of operations) {
    const fields = [
      ...operation.pathParams.map((p) => ({ where: "path" as const, name: p.name })),
      ...operation.queryParams.map((p) => ({ where: "query" as const, name: p.name })),
      ...bodyFields(context, operation.bodySchema).map((name) => ({ where: "body" as const, name })),
    ];
    for (const field of fields) {
      for (const value of SWEEP_STRINGS) {
        const rng = new Rng(seed, index);
        const params: Record<string, string> = {};
        let path = operation.template;
        for (const param of operation.pathParams) {
          const known = context.known[param.name] ?? [];
          const chosen = field.where === "path" && field.name === param.name ? value : known.length ? rng.pick(known) : `fuzz-${rng.int(1000)}`;
          params[param.name] = chosen;
          path = path.replace(`{${param.name}}`, encodeSegment(chosen));
        }
        const query = new URLSearchParams();
        for (const param of operation.queryParams) {
          if (field.where === "query" && field.name === param.name) query.append(param.name, value);
          else if (param.required) query.append(param.name, String(context.knownFields?.[param.name]?.[0] ?? plausibleValue(rng, param.schema, context, 0, param.name)));
        }
        const headers: Record<string, string> = {};
        if (context.tokens.admin) headers.authorization = `Bearer ${context.tokens.admin}`;
        let body: Buffer | undefined;
        if (operation.bodySchema) {
          const plausible = plausibleValue(rng, operation.bodySchema, context, 0);
          const object = plausible && typeof plausible === "object" && !Array.isArray(plausible) ? (plausible as Record<string, unknown>) : {};
          if (field.where === "body") object[field.name] = value;
          body = Buffer.from(JSON.stringify(object));
          headers["content-type"] = "application/json";
        }
        const search = query.toString();
        requests.push({
          seed,
          index,
          role: "admin",
          operation,
          method: operation.method,
          params,
          target: search ? `${path}?${search}` : path,
          headers,
          body,
          what: [`sweep: ${field.where} ${field.name}=${describe(value)}`],
        });
        index += 1;
      }
    }
  }
  return requests;
}

/** Top-level property names of a body schema (through $ref, and every oneOf variant). */
function bodyFields(context: FuzzContext, schema: JsonSchema | undefined, depth = 0): string[] {
  if (!schema || depth > 4) return [];
  if (typeof schema.$ref === "string") return bodyFields(context, context.document.components.schemas[schema.$ref.split("/").pop()!], depth + 1);
  const variants = [...((schema.oneOf as JsonSchema[] | undefined) ?? []), ...((schema.anyOf as JsonSchema[] | undefined) ?? [])];
  const own = Object.keys((schema.properties ?? {}) as Record<string, unknown>);
  return [...new Set([...own, ...variants.flatMap((variant) => bodyFields(context, variant, depth + 1))])];
}

/** encodeURIComponent, except that text with lone surrogates (which it refuses) goes as the bytes a careless client sends. */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[\s\S]/gu, (char) => {
      try {
        return encodeURIComponent(char);
      } catch {
        return "%ED%A0%80";
      }
    });
  }
}

function queryValue(rng: Rng, param: ParameterObject, context: FuzzContext): { text: string; hostile: boolean } {
  const known = context.knownFields?.[param.name];
  if (known?.length && rng.chance(0.4)) return { text: rng.pick(known), hostile: false };
  if (rng.chance(0.5)) {
    const plausible = plausibleValue(rng, param.schema, context, 0, param.name);
    if (plausible !== undefined && typeof plausible !== "object") return { text: String(plausible), hostile: false };
  }
  const numeric = param.schema.type === "integer" || param.schema.type === "number";
  return { text: numeric && rng.chance(0.7) ? rng.pick(HOSTILE_NUMBER_TEXTS) : rng.pick(HOSTILE_STRINGS), hostile: true };
}

// ------------------------------------------------------------------------------------------ bodies

interface MadeBody {
  body: Buffer;
  contentType: string;
  what: string[];
}

const MB = 1024 * 1024;

function makeBody(rng: Rng, schema: JsonSchema, context: FuzzContext): MadeBody {
  const json = "application/json";
  const roll = rng.next();
  // Structural attacks on the body as a whole.
  if (roll < 0.04) return { body: Buffer.from(`{"a":"${"x".repeat(MB + 1000)}"}`), contentType: json, what: ["body: 1 MB string"] };
  if (roll < 0.07) return { body: Buffer.from(JSON.stringify(Array.from({ length: 200_000 }, (_, i) => i))), contentType: json, what: ["body: 200,000-element array"] };
  if (roll < 0.11) {
    const depth = 10_000;
    const open = rng.chance(0.5) ? "[" : '{"a":';
    const close = open === "[" ? "]" : "}";
    return { body: Buffer.from(open.repeat(depth) + "1" + close.repeat(depth)), contentType: json, what: [`body: ${depth} levels deep`] };
  }
  if (roll < 0.13) return { body: Buffer.from("[".repeat(200_000)), contentType: json, what: ["body: 200,000 unclosed ["] };
  if (roll < 0.16) return { body: Buffer.from(rng.pick(["", "{", "not json", "{'a':1}", '{"a":1}garbage', "NaN", "1e309", "null", "[]", '"\\ud800"'])), contentType: json, what: ["body: not an object"] };
  if (roll < 0.19 && context.wire) {
    return { body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from('"}')]), contentType: json, what: ["body: invalid UTF-8 bytes"] };
  }
  if (roll < 0.21) return { body: Buffer.from(JSON.stringify(plausibleValue(rng, schema, context, 0) ?? {})), contentType: rng.pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]), what: ["body: wrong content type"] };

  // A plausible body with one to three fields made hostile.
  const value = plausibleValue(rng, schema, context, 0) ?? {};
  const what: string[] = [];
  const mutations = rng.int(4);
  let root: unknown = value;
  for (let i = 0; i < mutations; i += 1) root = mutate(rng, root, what);
  let text = JSON.stringify(root);
  // JSON.stringify cannot write NaN or 1e309: put extreme number tokens in the text itself.
  if (rng.chance(0.15) && /:(-?\d+(\.\d+)?)([,}])/.test(text)) {
    const token = rng.pick(HOSTILE_NUMBER_TOKENS);
    text = text.replace(/:(-?\d+(\.\d+)?)([,}])/, `:${token}$3`);
    what.push(`body number ${token}`);
  }
  return { body: Buffer.from(text), contentType: json, what: what.length ? what : ["body: plausible"] };
}

/** Replaces one place in `value` (or the whole of it) with a hostile value; returns the new root. */
function mutate(rng: Rng, value: unknown, what: string[]): unknown {
  const places: { parent: Record<string, unknown> | unknown[]; key: string | number; path: string }[] = [];
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > 6 || node === null || typeof node !== "object") return;
    for (const [key, child] of Object.entries(node)) {
      const at = path ? `${path}.${key}` : key;
      places.push({ parent: node as Record<string, unknown>, key: Array.isArray(node) ? Number(key) : key, path: at });
      walk(child, at, depth + 1);
    }
  };
  walk(value, "", 0);
  const hostile = hostileValue(rng);
  if (places.length === 0 || rng.chance(0.1)) {
    if (value && typeof value === "object" && !Array.isArray(value) && rng.chance(0.5)) {
      const key = rng.pick(["__proto__", "constructor", "unknownField", "\u0000", "a".repeat(LONG)]);
      // defineProperty: assigning "__proto__" would set the prototype instead of adding a key.
      Object.defineProperty(value, key, { value: hostile, enumerable: true, writable: true, configurable: true });
      what.push(`body extra key ${describe(key)}=${describe(hostile)}`);
      return value;
    }
    what.push(`body=${describe(hostile)}`);
    return hostile;
  }
  const place = rng.pick(places);
  (place.parent as Record<string | number, unknown>)[place.key] = hostile;
  what.push(`body.${place.path}=${describe(hostile)}`);
  return value;
}

function hostileValue(rng: Rng): unknown {
  const roll = rng.next();
  if (roll < 0.45) return rng.pick(HOSTILE_STRINGS);
  // A copy: a later mutation may write into it.
  if (roll < 0.75) return structuredClone(rng.pick(WRONG_TYPES));
  if (roll < 0.85) return rng.pick([-1, 0, 2 ** 53 + 1, -(2 ** 53), 1e300, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER]);
  if (roll < 0.93) return Array.from({ length: rng.pick([1_000, 20_000]) }, () => rng.pick(["a", "*", "\u0000", 1]));
  return { nested: { deeper: { deepest: rng.pick(HOSTILE_STRINGS) } } };
}

/** A value the schema accepts, as far as a simple reading of it goes (patterns and formats from examples). */
export function plausibleValue(rng: Rng, schema: JsonSchema | undefined, context: FuzzContext, depth: number, name?: string): unknown {
  if (!schema || depth > 8) return undefined;
  if (typeof schema.$ref === "string") return plausibleValue(rng, context.document.components.schemas[schema.$ref.split("/").pop()!], context, depth + 1, name);
  if (Array.isArray(schema.oneOf)) return plausibleValue(rng, rng.pick(schema.oneOf as JsonSchema[]), context, depth + 1, name);
  if (Array.isArray(schema.anyOf)) return plausibleValue(rng, rng.pick(schema.anyOf as JsonSchema[]), context, depth + 1, name);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return rng.pick(schema.enum as unknown[]);
  const known = name ? context.knownFields?.[name] : undefined;
  if (known?.length && rng.chance(0.7)) return rng.pick(known);
  const type = Array.isArray(schema.type) ? rng.pick((schema.type as string[]).filter((t) => t !== "null").concat("null")) : schema.type;
  switch (type) {
    case "null":
      return null;
    case "boolean":
      return rng.chance(0.5);
    case "integer":
    case "number": {
      const min = typeof schema.minimum === "number" ? schema.minimum : 0;
      const max = typeof schema.maximum === "number" ? schema.maximum : Math.max(min, 1000);
      return min + rng.int(Math.min(max - min, 1000) + 1);
    }
    case "string": {
      if (Array.isArray(schema.examples) && schema.examples.length) return rng.pick(schema.examples as unknown[]);
      if (typeof schema.default === "string") return schema.default;
      if (schema.format === "date-time") return new Date(Date.UTC(2026, 0, 1 + rng.int(300))).toISOString();
      if (typeof schema.pattern === "string" && schema.pattern.includes(":\\d")) return "127.0.0.1:9092";
      return `fuzz-${rng.int(1000)}`;
    }
    case "array": {
      const item = plausibleValue(rng, schema.items as JsonSchema, context, depth + 1, name);
      return item === undefined ? [] : [item];
    }
    case "object":
    default: {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(properties)) {
        if (!required.has(key) && !rng.chance(0.4)) continue;
        const value = plausibleValue(rng, child, context, depth + 1, key);
        if (value !== undefined) result[key] = value;
      }
      return result;
    }
  }
}

// ------------------------------------------------------------------------------------------ report

/** A short, printable description of a value (long strings by length, control characters escaped). */
export function describe(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const shown = text.length > 60 ? `${text.slice(0, 40)}…(${text.length} chars)` : text;
  return JSON.stringify(shown);
}

/** How to send this request again by hand (curl), with the seed to replay the run. */
export function replayLine(request: FuzzRequest, baseUrl = "http://127.0.0.1:3000"): string {
  const body = request.body ? (request.body.length > 300 ? ` --data-binary <${request.body.length} bytes>` : ` --data-binary ${JSON.stringify(request.body.toString("latin1"))}`) : "";
  const type = request.headers["content-type"] ? ` -H 'content-type: ${request.headers["content-type"]}'` : "";
  return `EVENTSCOPE_FUZZ_SEED=${request.seed} request #${request.index} as ${request.role}: curl -X ${request.method} '${baseUrl}${request.target.slice(0, 400)}'${type}${body}  [${request.what.join("; ")}]`;
}
