import { z } from "zod";
import { shownAs } from "@/lib/contract/schema-kit";

// The body of POST /api/v1/clusters/{cluster}/consumers/{group}/reset (API.md): the contract's request
// schema (lib/contract/consumers.ts resetOffsets.body), the browser's types. Plain module: no server-only code.
//
//   {to: "earliest" | "latest" | {timestamp} | {shiftBy} | {offsets: [{topic, partition, offset}]},
//    topics?, dryRun?, recreate?}
//
// Unknown keys are refused (a typo such as "dryrun" must not turn a preview into a reset).

export type ResetTarget =
  | { kind: "earliest" }
  | { kind: "latest" }
  /** ISO 8601 time with a zone. */
  | { kind: "timestamp"; timestamp: string }
  /** Negative: go back N messages; positive: skip N. */
  | { kind: "shift"; shiftBy: number }
  | { kind: "offsets"; offsets: OffsetEntry[] };



const MAX_OFFSET_ENTRIES = 10_000;
const EXPECTED = 'expected "earliest", "latest", {timestamp: "<ISO time>"}, {shiftBy: <whole number>} or {offsets: [{topic, partition, offset}]}';

const timestampTarget = z
  .object({
    timestamp: z.iso.datetime({ offset: true, error: "expected an ISO 8601 time with a zone, e.g. 2026-01-31T09:30:00Z" }).describe("ISO 8601 time with a zone."),
  })
  .strict();

const shiftTarget = z
  .object({
    shiftBy: z
      .number({ error: "expected a whole number of messages (negative goes back)" })
      .int("expected a whole number of messages (negative goes back)")
      .min(-Number.MAX_SAFE_INTEGER, "too large")
      .max(Number.MAX_SAFE_INTEGER, "too large")
      .describe("Negative: go back N messages; positive: skip N."),
  })
  .strict();

const offsetEntry = z
  .object({
    topic: z.string({ error: "expected a topic name" }).min(1, "expected a topic name"),
    partition: z.number({ error: "expected a partition number" }).int("expected a partition number").min(0, "expected a partition number ≥ 0").max(2 ** 31 - 1),
    offset: z
      .number({ error: "expected an offset (a whole number ≥ 0)" })
      .int("expected an offset (a whole number ≥ 0)")
      .min(0, "expected an offset (a whole number ≥ 0)")
      .max(Number.MAX_SAFE_INTEGER, "too large"),
  })
  .strict();

const offsetsTarget = z
  .object({ offsets: z.array(offsetEntry).min(1, "list at least one {topic, partition, offset}").max(MAX_OFFSET_ENTRIES).describe("Each topic/partition at most once.") })
  .strict()
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.offsets.forEach((entry, index) => {
      const key = `${entry.topic}\u0000${entry.partition}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["offsets", index], message: `"${entry.topic}" partition ${entry.partition} is listed twice` });
      seen.add(key);
    });
  });

/** `to` as a client writes it, and as openapi.json shows it: the forms below, as one union. */
const resetTo = z
  .union([z.enum(["earliest", "latest"]), timestampTarget, shiftTarget, offsetsTarget])
  .describe("Where the group goes: \"earliest\", \"latest\", the first message at or after a time, a shift by N messages (negative goes back), or explicit offsets.");
/** The JSON shape a client sends for `to`. */
export type ResetTo = z.input<typeof resetTo>;
export type OffsetEntry = z.output<typeof offsetEntry>;

/** Picks the target's form from its shape, so that errors name the field that is wrong (to.timestamp, to.offsets.2.partition). */
export const resetTargetSchema = shownAs(z.unknown().transform((value, ctx): ResetTarget => {
  const fail = (message: string): never => {
    ctx.addIssue({ code: "custom", message });
    return z.NEVER as never;
  };
  const forward = <T>(result: z.ZodSafeParseResult<T>): T => {
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path as PropertyKey[] });
    return z.NEVER as never;
  };
  if (value === "earliest" || value === "latest") return { kind: value };
  if (value === undefined) return fail(`required: ${EXPECTED}`);
  if (!value || typeof value !== "object" || Array.isArray(value)) return fail(EXPECTED);
  if ("timestamp" in value) return { kind: "timestamp", timestamp: forward(timestampTarget.safeParse(value)).timestamp };
  if ("shiftBy" in value) return { kind: "shift", shiftBy: forward(shiftTarget.safeParse(value)).shiftBy };
  if ("offsets" in value) return { kind: "offsets", offsets: forward(offsetsTarget.safeParse(value)).offsets };
  return fail(EXPECTED);
}), resetTo);

export const resetBodySchema = z
  .object({
    to: resetTargetSchema,
    topics: z
      .array(z.string({ error: "expected topic names" }).min(1, "expected topic names").max(255))
      .min(1, "leave topics out to reset every topic the group has committed offsets for")
      .max(1_000)
      .refine((topics) => new Set(topics).size === topics.length, "a topic is listed twice")
      .describe("Default: every topic the group has committed offsets for.")
      .optional(),
    dryRun: z.boolean({ error: "expected true or false" }).optional(),
    recreate: z.boolean({ error: "expected true or false" }).describe("JetStream only: allow deleting and recreating a durable that cannot be moved in place.").optional(),
  })
  .strict();

export type ResetBody = Omit<z.input<typeof resetBodySchema>, "to"> & { to: ResetTo };

export type ParsedResetBody = z.output<typeof resetBodySchema>;
