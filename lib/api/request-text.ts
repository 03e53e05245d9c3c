import { z } from "zod";

// Text the console cannot carry, whatever field it arrives in: a lone UTF-16 surrogate ("\ud800" in
// JSON) has no UTF-8 form, so a broker, Redis or a database gets a different string than was sent
// (or refuses it); a NUL character ends C strings and PostgreSQL refuses it in text and jsonb. Names,
// ids, search text and settings never need either, so the API refuses both at its boundary
// (lib/api/handler.ts: path parameters, query strings, JSON bodies) with a 400 naming the field.

// With the u flag a surrogate pair is one code point, so this matches unpaired halves only.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why `text` cannot be accepted, or null when it can. */
export function textProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return "must be well-formed Unicode text (it holds a lone UTF-16 surrogate)";
  if (text.includes("\u0000")) return "must not contain NUL characters";
  return null;
}

/** A zod string that refuses what `textProblem` names; for schemas used outside the handler layer. */
export const safeText = () =>
  z.string().superRefine((text, ctx) => {
    const problem = textProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/**
 * A "__proto__" key: JSON.parse makes it an ordinary member, but copied with a spread or
 * Object.assign it replaces the copy's prototype, and schemas drop it without a word (a read-only
 * switch for cluster "__proto__" was answered 200 and did nothing). No field of the API has it.
 */
const PROTO_KEY = "must not be __proto__";

interface Visit {
  value: unknown;
  key: string | null;
  parent: Visit | null;
}

function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | null = visit; at && at.key !== null; at = at.parent) keys.push(at.key);
  return keys.reverse().join(".") || "body";
}

/**
 * The first string in a parsed JSON value (keys included) that `textProblem` refuses (or a key
 * "__proto__"), with its path
 * ("filter.q", "ids.3"), or null. Iterative, with parent links instead of copied paths, so a
 * 10,000-level body neither overflows the stack nor costs quadratic time.
 */
export function findBadText(value: unknown): { field: string; problem: string } | null {
  const pending: Visit[] = [{ value, key: null, parent: null }];
  while (pending.length > 0) {
    const visit = pending.pop()!;
    const current = visit.value;
    if (typeof current === "string") {
      const problem = textProblem(current);
      if (problem) return { field: pathOf(visit), problem };
    } else if (current && typeof current === "object") {
      for (const [key, item] of Object.entries(current)) {
        const child = { value: item, key, parent: visit };
        const keyProblem = Array.isArray(current) ? null : key === "__proto__" ? PROTO_KEY : textProblem(key);
        if (keyProblem) return { field: pathOf(child), problem: `the key ${keyProblem}` };
        pending.push(child);
      }
    }
  }
  return null;
}
