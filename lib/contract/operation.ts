import type { z } from "zod";
import type { Role } from "@/lib/auth/roles";
import type { HeaderObject, MediaTypeObject } from "./openapi-types";

// One API operation as the contract states it: what the route takes and what it answers. The
// OpenAPI document (lib/contract/openapi.ts) and the tests' response check are built from these.

/** The least role a route needs, or "public" (no sign-in). */
export type Access = Role | "public";
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
export const HTTP_METHODS: readonly HttpMethod[] = ["get", "post", "put", "patch", "delete"];

/** The error answers of components.responses, by name. */
export type ErrorResponse = "BadRequest" | "Unauthorized" | "Forbidden" | "NotFound" | "Conflict" | "Unprocessable" | "TooManyRequests" | "Unavailable";

export interface ResponseSpec {
  description: string;
  /** The JSON body; responses without one (204, 303) leave it out. */
  schema?: z.ZodType;
  headers?: Record<string, HeaderObject>;
  /** Bodies that are not JSON (event streams, NDJSON, Prometheus text), as OpenAPI media types. */
  content?: Record<string, MediaTypeObject>;
}

export interface Parameter {
  name: string;
  in: "query" | "header";
  schema: z.ZodType;
  description: string;
  required?: boolean;
}

export const query = (name: string, schema: z.ZodType, description: string, required = false): Parameter => ({ name, in: "query", schema, description, ...(required ? { required } : {}) });
export const header = (name: string, schema: z.ZodType, description: string): Parameter => ({ name, in: "header", schema, description });

export interface Operation {
  method: HttpMethod;
  /** OpenAPI form: `/api/v1/clusters/{cluster}`; each {placeholder} is a components.parameters entry. */
  path: string;
  id: string;
  summary: string;
  description?: string;
  tag: string;
  /** The least role the route needs; must equal the handler's `apiRoute(..., { access })` (tests/integration/openapi-routes.test.ts). */
  access: Access;
  /** Query and header parameters (path parameters come from the placeholders). */
  parameters?: Parameter[];
  /** The JSON body the route parses. */
  body?: z.ZodType;
  bodyDescription?: string;
  /** Success answers by status. */
  responses: Record<string, ResponseSpec>;
  /** Error answers besides the ones every route can give (401/403 unless public, 400 with a body, 500). Public routes that change state list Forbidden themselves (cross-origin). */
  errors?: ErrorResponse[];
}

/** Keeps an operation's literal type, so that ResponseOf<typeof op> knows its schemas. */
export const operation = <Op extends Operation>(op: Op): Op => op;

/** The answer type of one status of an operation: what a handler returns, what the client reads. */
export type ResponseOf<Op extends Operation, Status extends keyof Op["responses"] = "200"> = Op["responses"][Status] extends { schema: infer S extends z.ZodType }
  ? z.infer<S>
  : never;
