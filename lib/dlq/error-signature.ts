// The key the DLQ summary groups errors by. Error texts carry what differs per message (a position,
// an id, the offending fragment), so grouping by the literal text splits one cause into as many
// groups as there are messages: "Unterminated string in JSON at position 233" and "... 234" are the
// same failure. The signature keeps the words and replaces the variable parts with placeholders.
// A real exception class header, when a framework sets one, names the cause better than any text.

/** Headers that carry the exception's class (Spring Kafka's DLT, and the common x- spelling). */
const EXCEPTION_CLASS_HEADERS = ["kafka_dlt-exception-fqcn", "x-exception-class"];

/** Longest quoted fragment replaced; a longer quote is more likely prose than a value. */
const MAX_QUOTED = 200;

/**
 * What follows a closing quote: optional punctuation, then whitespace or the end of the text. A
 * colon closes a single quote ('x': required) but not a double one, which JSON snippets hold ("a": 1).
 */
const CLOSE_DOUBLE = "[,.;)\\]}]*(?:\\s|$)";
const CLOSE_SINGLE = "[,.;:)\\]}]*(?:\\s|$)";

/** A run of word characters and hyphens: where a mixed id can be. */
const ID_RUN = /[\w-]+/g;

/**
 * A run's mixed id: it starts at the run's first word start (the run's start or just after a "-")
 * whose character is a letter or digit, ends at its last word character, has at least six characters
 * and holds a digit and a letter. One pass per run: a regex with "has a digit" / "has a letter"
 * lookaheads re-scans the rest of the run from every word start, which is quadratic on a run like
 * "a-a-a-…" (a poisoned message's error text). Later word starts cannot match when the first fails,
 * as their rest is a part of its rest.
 */
function replaceMixedIds(run: string): string {
  let start = -1;
  for (let i = 0; i < run.length; i++) {
    const wordStart = /\w/.test(run[i]!) && (i === 0 || run[i - 1] === "-");
    if (wordStart && /[a-z0-9]/i.test(run[i]!)) {
      start = i;
      break;
    }
  }
  if (start < 0) return run;
  let end = run.length;
  while (end > start && run[end - 1] === "-") end--;
  const candidate = run.slice(start, end);
  if (candidate.length < 6 || !/\d/.test(candidate) || !/[a-z]/i.test(candidate)) return run;
  return `${run.slice(0, start)}<id>${run.slice(end)}`;
}

const REPLACEMENTS: [RegExp, string | ((match: string) => string)][] = [
  // JavaScript's JSON.parse quotes the start of the text it failed on, quotes and all.
  [new RegExp(`"[^\\n]{0,${MAX_QUOTED}}?" is not valid JSON`, "g"), '"…" is not valid JSON'],
  // Quoted fragments: the offending value, token or field content. A quote opens after a non-word
  // character and closes before whitespace or the end (punctuation may come between), so a quoted
  // snippet holding quotes itself and apostrophes inside words (can't) both work.
  [new RegExp(`(?<!\\w)"(?:[^"\\n]|"(?!${CLOSE_DOUBLE})){0,${MAX_QUOTED}}?"(?=${CLOSE_DOUBLE})`, "g"), '"…"'],
  [new RegExp(`(?<!\\w)'(?:[^'\\n]|'(?!${CLOSE_SINGLE})){0,${MAX_QUOTED}}?'(?=${CLOSE_SINGLE})`, "g"), "'…'"],
  [new RegExp(`\`[^\`\\n]{0,${MAX_QUOTED}}\``, "g"), "`…`"],
  // UUIDs, then long hex runs (hashes, trace ids, object ids).
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>"],
  [/\b(?:0x)?(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, "<hex>"],
  // Ids that mix letters and digits (ord_8f3k2, user-10442, A1B2C3): replaceMixedIds below.
  [ID_RUN, replaceMixedIds],
  // Numbers: positions, counts, durations, amounts, offsets (not digits inside words like utf8).
  [/(?<![\w.])[-+]?\d+(?:[.,]\d+)*(?![\w])/g, "<n>"],
];

/** The error text with its variable parts replaced; equal signatures mean the same cause. */
export function normalizeErrorText(error: string): string {
  let text = error.replace(/\s+/g, " ").trim();
  for (const [pattern, placeholder] of REPLACEMENTS) text = typeof placeholder === "string" ? text.replace(pattern, placeholder) : text.replace(pattern, placeholder);
  return text;
}

/** The exception class a framework header names, if any (trimmed, at most 300 characters). */
export function exceptionClassOf(headers: Record<string, string> | undefined): string | null {
  if (!headers) return null;
  for (const name of EXCEPTION_CLASS_HEADERS) {
    const value = headers[name]?.trim();
    if (value) return value.slice(0, 300);
  }
  return null;
}

/**
 * What a dead-lettered message is grouped by: its exception class when a header names one, else
 * its normalized error text.
 */
export function errorSignature(error: string, headers?: Record<string, string>): string {
  return exceptionClassOf(headers) ?? normalizeErrorText(error);
}
