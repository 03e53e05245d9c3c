import { z } from "zod";

// The building blocks of the API contract (lib/contract/*.ts). Zod only, nothing server-side: the
// contract modules are imported by route handlers, the OpenAPI generator and the tests, and their
// types (never their values: zod must stay out of the browser bundle) by client components.

/** Shapes that openapi.json lists under components.schemas, by name, in the order they were named. */
export const namedSchemas = new Map<string, z.ZodType>();

/** Names a schema: openapi.json lists it under components.schemas and refers to it with $ref. */
export function named<T extends z.ZodType>(name: string, schema: T): T {
  if (namedSchemas.has(name)) throw new Error(`contract: two schemas are named ${name}`);
  namedSchemas.set(name, schema);
  return schema;
}

/**
 * A response object. Strict, so that the tests' response check (tests/support/routes.ts) fails on a
 * handler returning a field the contract lacks; the OpenAPI document shows responses open all the
 * same (API.md: fields are added freely, clients ignore the ones they do not know).
 */
export const wire = <Shape extends z.ZodRawShape>(shape: Shape) => z.strictObject(shape);

/** An ISO 8601 time as the API writes it (`Date#toJSON`), offsets accepted. */
export const isoTime = z.iso.datetime({ offset: true });

/** Schemas that parse by rules of their own (a transform) and how openapi.json shows them instead. */
export const documentedAs = new Map<z.ZodType, z.ZodType>();

/**
 * A schema whose parsing JSON Schema cannot show (it reads its input by shape, to name the field at
 * fault), shown in openapi.json as `documented`: build that from the same parts the parser uses.
 */
export function shownAs<T extends z.ZodType>(schema: T, documented: z.ZodType): T {
  documentedAs.set(schema, documented);
  return schema;
}
