// The JSON paths masking rules use, a small subset of JSONPath:
//   $              the whole value
//   .name  ['name'] a member          .*  [*]   every member or element
//   [0]            an element         ..name  ..*  a member (or everything) at any depth
// Pure: parse once, then mask any number of parsed values.
export type PathSegment =
  | { kind: "member"; name: string }
  | { kind: "index"; index: number }
  | { kind: "wildcard" }
  | { kind: "descendant"; name: string | null };

export type ParsedPath = { ok: true; segments: PathSegment[] } | { ok: false; error: string };

export const MASK = "***";
const NAME = /^[A-Za-z_$][\w$-]*/;
// Inside quotes, `\x` is an escape and any other character but the quote stands for itself. The two
// alternatives must not overlap (a backslash is only ever the start of an escape): with `(?!\1).`
// in place of `(?!\1)[^\\]`, a run of backslashes could be split two ways at every step, and a rule
// like $[' followed by 120 "\a" took exponential time to be rejected.
const QUOTED_NAME = /^\[\s*(['"])((?:\\.|(?!\1)[^\\])*)\1\s*\]/;
const BRACKET = /^\[\s*(?:(\*)|(\d{1,9})|(['"])((?:\\.|(?!\3)[^\\])*)\3)\s*\]/;

export function parseJsonPath(path: string): ParsedPath {
  const text = path.trim();
  if (!text.startsWith("$")) return { ok: false, error: "a JSON path starts with $" };
  const segments: PathSegment[] = [];
  let rest = text.slice(1);
  while (rest.length > 0) {
    if (rest.startsWith("..")) {
      rest = rest.slice(2);
      if (rest.startsWith("*")) {
        segments.push({ kind: "descendant", name: null });
        rest = rest.slice(1);
        continue;
      }
      const quoted = QUOTED_NAME.exec(rest);
      const name = quoted ? unquote(quoted[2]!) : NAME.exec(rest)?.[0];
      if (!name) return { ok: false, error: `expected a name after ".." in "${text}"` };
      segments.push({ kind: "descendant", name });
      rest = rest.slice(quoted ? quoted[0].length : name.length);
    } else if (rest.startsWith(".")) {
      rest = rest.slice(1);
      if (rest.startsWith("*")) {
        segments.push({ kind: "wildcard" });
        rest = rest.slice(1);
        continue;
      }
      const name = NAME.exec(rest)?.[0];
      if (!name) return { ok: false, error: `expected a name after "." in "${text}"` };
      segments.push({ kind: "member", name });
      rest = rest.slice(name.length);
    } else if (rest.startsWith("[")) {
      const bracket = BRACKET.exec(rest);
      if (!bracket) return { ok: false, error: `expected [n], [*] or ['name'] in "${text}"` };
      if (bracket[1]) segments.push({ kind: "wildcard" });
      else if (bracket[2]) segments.push({ kind: "index", index: Number(bracket[2]) });
      else segments.push({ kind: "member", name: unquote(bracket[4]!) });
      rest = rest.slice(bracket[0].length);
    } else {
      return { ok: false, error: `unexpected "${rest[0]}" in "${text}"` };
    }
  }
  return { ok: true, segments };
}

function unquote(text: string): string {
  return text.replace(/\\(.)/g, "$1");
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// defineProperty, not assignment: a payload member named "__proto__" must stay a plain member.
function setMember(target: { [key: string]: Json } | Json[], key: string | number, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * How deep masking walks into a value. A poisoned message can nest arrays thousands of levels deep
 * (`[[[[...]]]]` parses fine), and the walk below is recursive: past this depth the stack would run
 * out (a RangeError, a 500 for the whole page). A value deeper than this is withheld whole, as JSON
 * that cannot be read is.
 */
export const MAX_MASK_DEPTH = 512;

class TooDeep extends Error {}

/**
 * Masks what `segments` select inside `value`, in place where possible; returns the (new) root and a
 * count. A value nested deeper than MAX_MASK_DEPTH where the path leads is withheld whole (MASK).
 */
export function maskAtPath(value: Json, segments: PathSegment[]): { value: Json; masked: number } {
  let masked = 0;
  const visit = (node: Json, index: number, depth: number): Json => {
    if (index === segments.length) {
      masked += 1;
      return MASK;
    }
    if (depth > MAX_MASK_DEPTH) throw new TooDeep();
    const segment = segments[index]!;
    switch (segment.kind) {
      case "member":
        if (isObject(node) && Object.prototype.hasOwnProperty.call(node, segment.name)) {
          setMember(node, segment.name, visit(node[segment.name]!, index + 1, depth + 1));
        }
        return node;
      case "index":
        if (Array.isArray(node) && segment.index < node.length) node[segment.index] = visit(node[segment.index]!, index + 1, depth + 1);
        return node;
      case "wildcard":
        if (Array.isArray(node)) node.forEach((item, i) => (node[i] = visit(item, index + 1, depth + 1)));
        else if (isObject(node)) for (const key of Object.keys(node)) setMember(node, key, visit(node[key]!, index + 1, depth + 1));
        return node;
      case "descendant":
        return descend(node, segment.name, index + 1, depth);
    }
  };
  // Children first, then this level, so a masked parent is not searched again.
  const descend = (node: Json, name: string | null, next: number, depth: number): Json => {
    if (depth > MAX_MASK_DEPTH) throw new TooDeep();
    if (Array.isArray(node)) {
      node.forEach((item, i) => (node[i] = name === null ? visit(item, next, depth + 1) : descend(item, name, next, depth + 1)));
    } else if (isObject(node)) {
      for (const key of Object.keys(node)) {
        const child = node[key]!;
        if (name === null || key === name) setMember(node, key, visit(child, next, depth + 1));
        else setMember(node, key, descend(child, name, next, depth + 1));
      }
    }
    return node;
  };
  try {
    const root = visit(value, 0, 0);
    return { value: root, masked };
  } catch (error) {
    if (error instanceof TooDeep) return { value: MASK, masked: masked + 1 };
    throw error;
  }
}
