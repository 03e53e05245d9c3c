// A JSON value as a tree of nodes for the message viewer's collapsible view. Pure; unit-tested in
// tests/unit/ui-json-tree.test.ts. Numbers keep the text they had in the message where the browser
// can tell it (JSON.parse's reviver `source`), so 12345678901234567890 is not shown as ...000.

export type JsonLeafKind = "string" | "number" | "boolean" | "null";

export interface JsonBranch {
  kind: "object" | "array";
  key: string | null;
  children: JsonNode[];
  size: number;
  path: string;
}
export interface JsonLeaf {
  kind: JsonLeafKind;
  key: string | null;
  text: string;
  path: string;
}
export type JsonNode = JsonBranch | JsonLeaf;

export function isJsonBranch(node: JsonNode): node is JsonBranch {
  return node.kind === "object" || node.kind === "array";
}

export interface JsonTree {
  root: JsonNode;
  nodes: number;
}

/** Above this many nodes the tree would slow the page down: the viewer shows the text instead. */
export const JSON_TREE_MAX_NODES = 5_000;

/** A number as written in the message (set by the reviver, read when building nodes). */
class SourceNumber {
  constructor(readonly source: string) {}
}

function parseKeepingNumbers(text: string): unknown {
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, context?: { source?: string }) {
    if (typeof value === "number" && typeof context?.source === "string") return new SourceNumber(context.source);
    return value;
  } as (key: string, value: unknown) => unknown);
}

function childPath(parent: string, key: string, inArray: boolean): string {
  if (inArray) return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Parses `text` and builds its tree, or returns null when it is not JSON or has more than
 * `maxNodes` nodes (the caller falls back to pretty text).
 */
export function buildJsonTree(text: string, maxNodes = JSON_TREE_MAX_NODES): JsonTree | null {
  let value: unknown;
  try {
    value = parseKeepingNumbers(text);
  } catch {
    return null;
  }
  let nodes = 0;
  const build = (item: unknown, key: string | null, path: string): JsonNode | null => {
    if (++nodes > maxNodes) return null;
    if (item instanceof SourceNumber) return { kind: "number", key, text: item.source, path };
    if (item === null) return { kind: "null", key, text: "null", path };
    if (typeof item === "string") return { kind: "string", key, text: item, path };
    if (typeof item === "number") return { kind: "number", key, text: String(item), path };
    if (typeof item === "boolean") return { kind: "boolean", key, text: String(item), path };
    const isArray = Array.isArray(item);
    const entries: [string, unknown][] = isArray ? (item as unknown[]).map((child, index) => [String(index), child]) : Object.entries(item as object);
    const children: JsonNode[] = [];
    for (const [childKey, child] of entries) {
      const node = build(child, childKey, childPath(path, childKey, isArray));
      if (node === null) return null;
      children.push(node);
    }
    return { kind: isArray ? "array" : "object", key, children, size: children.length, path };
  };
  const root = build(value, null, "$");
  return root === null ? null : { root, nodes };
}

/** "{ 3 keys }", "[ 1 item ]": what a folded object or array says of itself. */
export function foldedSummary(node: JsonBranch): string {
  if (node.kind === "array") return `[ ${node.size} item${node.size === 1 ? "" : "s"} ]`;
  return `{ ${node.size} key${node.size === 1 ? "" : "s"} }`;
}

/** How a leaf is written in the tree: strings quoted with JSON escapes, the rest as is. */
export function leafText(node: JsonLeaf): string {
  return node.kind === "string" ? JSON.stringify(node.text) : node.text;
}
