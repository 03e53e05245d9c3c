// Searching a text column through Prisma without letting the search text act as a pattern. Pure.

/**
 * A "contains" filter for Prisma, which is SQL LIKE and does not escape LIKE's wildcards (`%`, `_`;
 * prisma/prisma#19506). PostgreSQL's LIKE escapes with a backslash by default, so there the text is
 * escaped and the filter is exact (and case-insensitive, as SQLite's LIKE is for ASCII). SQLite has
 * no escape character without an ESCAPE clause Prisma cannot write: the filter then looks for the
 * longest run of q without a wildcard (a superset) and `exact` is false: the caller must check the
 * rows itself (a plain `includes`).
 */
export function containsText(q: string, database: "sqlite" | "postgres"): { filter: { contains: string } | null; exact: boolean } {
  if (database === "postgres") return { filter: { contains: q.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" } as { contains: string }, exact: true };
  if (!/[%_]/.test(q)) return { filter: { contains: q }, exact: true };
  const longest = q.split(/[%_]/).reduce((best, part) => (part.length > best.length ? part : best), "");
  return { filter: longest ? { contains: longest } : null, exact: false };
}

