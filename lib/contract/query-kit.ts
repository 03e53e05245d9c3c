import { z } from "zod";
import type { Parameter } from "./operation";

// Query strings as the contract states them: one zod object per route that both parses the request
// (lib/api/handler.ts parseQuery; a bad field is a 400 whose message starts with its name) and lists
// the query parameters in openapi.json (queryParameters). The text arrives as text; these helpers turn
// it into numbers and dates while the document shows the value the text stands for (openapi.json is
// generated with io "input", and zod describes a z.preprocess by the schema after it).

const digitsToNumber = (value: unknown) => (typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value);

/** A whole number in [min, max] written in digits; `fallback` when absent. */
export function queryInteger(field: string, min: number, max: number, fallback?: number) {
  const whole = { error: `${field} must be a whole number` };
  const range = { error: `${field} must be between ${min} and ${max}` };
  // Range first: a number too big to be exact is "out of range", as it always was, not "not whole".
  const number = z.number(whole).min(min, range).max(max, range).int(whole);
  return z.preprocess(digitsToNumber, fallback === undefined ? number : number.default(fallback));
}

/**
 * A time as a Date. `dateFirst`: the text must start with a calendar date (2026-01-31...), as the
 * messages query always required; otherwise anything Date.parse reads.
 */
export function queryTime(field: string, options: { dateFirst?: boolean } = {}) {
  const readable = (text: string) => (!options.dateFirst || /^\d{4}-\d{2}-\d{2}/.test(text)) && !Number.isNaN(Date.parse(text));
  return z
    .string()
    .refine(readable, { error: `${field} must be an ISO time such as 2026-01-31T12:00:00Z` })
    .transform((text) => new Date(text))
    .meta({ format: "date-time" });
}

/** Text of at most `max` characters. */
export const queryText = (field: string, max: number) => z.string().max(max, { error: `${field} must be at most ${max} characters` });

/** One of `values`, or a 400 that lists them. */
export const queryChoice = <const V extends readonly [string, ...string[]]>(field: string, values: V, message = `${field} must be one of ${values.join(", ")}`) =>
  z.enum(values, { error: message });

/** The OpenAPI parameters of a query object, in its key order; a field with neither default nor `.optional()` is required. */
export function queryParameters<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>, descriptions: { [K in keyof Shape]: string }): Parameter[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: "query" as const,
    schema: field as z.ZodType,
    description: descriptions[name as keyof Shape],
    ...((field as z.ZodType).isOptional() ? {} : { required: true }),
  }));
}
