import { describe, expect, it } from "vitest";
import { z } from "zod";
import { historyQuery } from "@/lib/contract/common";
import { queryChoice, queryInteger, queryParameters, queryText, queryTime } from "@/lib/contract/query-kit";

// Query text as the contract parses it (lib/contract/query-kit.ts): the messages the API has always
// given, and the document's view of the same schema (what the text stands for, not "a string").

const firstProblem = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? null : `${result.error.issues[0]!.path.join(".")}: ${result.error.issues[0]!.message}`;
};
const documented = (schema: z.ZodType) => {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

describe("queryInteger", () => {
  const query = z.object({ limit: queryInteger("limit", 1, 500, 50), from: queryInteger("from", 0, Number.MAX_SAFE_INTEGER).optional() });

  it("reads digits, and gives the default or nothing when absent", () => {
    expect(query.parse({ limit: "20", from: "0" })).toEqual({ limit: 20, from: 0 });
    expect(query.parse({})).toEqual({ limit: 50 });
  });

  it.each([
    [{ limit: "0" }, "limit: limit must be between 1 and 500"],
    [{ limit: "501" }, "limit: limit must be between 1 and 500"],
    [{ limit: "abc" }, "limit: limit must be a whole number"],
    [{ limit: "1.5" }, "limit: limit must be a whole number"],
    [{ limit: "-1" }, "limit: limit must be a whole number"],
    [{ limit: "" }, "limit: limit must be a whole number"],
    [{ limit: " 5" }, "limit: limit must be a whole number"],
    // Too big to be exact: out of range first, as the old string -> Number -> range check said.
    [{ from: "99999999999999999999" }, "from: from must be between 0 and 9007199254740991"],
  ])("refuses %j: %s", (input, problem) => {
    expect(firstProblem(query, input)).toBe(problem);
  });

  it("is documented as the integer it stands for, with its bounds and default", () => {
    expect(documented(queryInteger("limit", 1, 500, 50))).toEqual({ type: "integer", minimum: 1, maximum: 500, default: 50 });
  });
});

describe("queryTime, queryText, queryChoice", () => {
  it("reads a time into a Date; dateFirst wants a calendar date first", () => {
    expect(queryTime("since").parse("2026-01-31T12:00:00Z")).toEqual(new Date("2026-01-31T12:00:00Z"));
    expect(queryTime("since", { dateFirst: true }).parse("2026-01-31")).toEqual(new Date("2026-01-31"));
    expect(firstProblem(queryTime("since", { dateFirst: true }), "Jan 31 2026")).toBe(": since must be an ISO time such as 2026-01-31T12:00:00Z");
    expect(firstProblem(queryTime("since"), "yesterday")).toBe(": since must be an ISO time such as 2026-01-31T12:00:00Z");
    expect(documented(queryTime("since"))).toEqual({ type: "string", format: "date-time" });
  });

  it("names the field in text and choice problems", () => {
    expect(firstProblem(queryText("q", 3), "abcd")).toBe(": q must be at most 3 characters");
    expect(firstProblem(queryChoice("sort", ["name", "lag"]), "size")).toBe(": sort must be one of name, lag");
    expect(firstProblem(queryChoice("dir", ["asc", "desc"], "dir must be asc or desc"), "up")).toBe(": dir must be asc or desc");
  });
});

describe("queryParameters", () => {
  it("lists the fields in order, required only when neither optional nor defaulted", () => {
    const query = z.object({ id: z.string(), limit: queryInteger("limit", 1, 10, 5), q: queryText("q", 10).optional() });
    const parameters = queryParameters(query, { id: "The id.", limit: "Page size.", q: "Text." });
    expect(parameters.map(({ name, in: where, required, description }) => ({ name, where, required, description }))).toEqual([
      { name: "id", where: "query", required: true, description: "The id." },
      { name: "limit", where: "query", required: undefined, description: "Page size." },
      { name: "q", where: "query", required: undefined, description: "Text." },
    ]);
  });
});

describe("historyQuery", () => {
  it("takes the windows the history routes always took, and refuses the rest naming window", () => {
    expect(historyQuery.parse({})).toEqual({ window: "15m" });
    expect(historyQuery.parse({ window: "" })).toEqual({ window: "15m" });
    expect(historyQuery.parse({ window: " 7d " })).toEqual({ window: "7d" });
    for (const bad of ["30d", "8d", "0m", "5", "1w", "  "]) {
      expect(firstProblem(historyQuery, { window: bad }), bad).toBe("window: use a number and a unit, such as 5m, 1h, 24h or 7d (at most 7d)");
    }
  });
});
