import { describe, expect, it } from "vitest";
import { buildJsonTree, foldedSummary, isJsonBranch, leafText, type JsonLeaf, type JsonNode } from "@/lib/client/json-tree";

const branch = (node: JsonNode) => {
  if (!isJsonBranch(node)) throw new Error(`not a branch: ${node.kind}`);
  return node;
};

describe("JSON tree", () => {
  it("builds objects, arrays and leaves with their paths", () => {
    const tree = buildJsonTree('{"id":"o-1","items":[{"sku":"A","qty":2}],"paid":true,"note":null,"odd key":1}')!;
    const root = branch(tree.root);
    expect(root.children.map((child) => [child.key, child.kind, child.path])).toEqual([
      ["id", "string", "$.id"],
      ["items", "array", "$.items"],
      ["paid", "boolean", "$.paid"],
      ["note", "null", "$.note"],
      ["odd key", "number", '$["odd key"]'],
    ]);
    const item = branch(branch(root.children[1]!).children[0]!);
    expect(item.path).toBe("$.items[0]");
    expect(item.children.map((child) => child.path)).toEqual(["$.items[0].sku", "$.items[0].qty"]);
    expect(tree.nodes).toBe(9);
  });

  it("keeps numbers as written when the runtime gives the source text", () => {
    const tree = buildJsonTree('{"big":12345678901234567890,"f":1.50}')!;
    const [big, f] = branch(tree.root).children as JsonLeaf[];
    // Node 20's JSON.parse has no `source` in the reviver: then the parsed number is shown.
    const hasSource = (() => {
      let seen = false;
      JSON.parse("1", ((_k: string, v: unknown, context?: { source?: string }) => ((seen = typeof context?.source === "string"), v)) as never);
      return seen;
    })();
    expect(big!.text).toBe(hasSource ? "12345678901234567890" : String(12345678901234567890));
    expect(f!.text).toBe(hasSource ? "1.50" : "1.5");
  });

  it("gives up (null) on non-JSON and on trees too big to draw", () => {
    expect(buildJsonTree("not json")).toBeNull();
    expect(buildJsonTree(JSON.stringify(Array.from({ length: 50 }, (_, i) => i)), 20)).toBeNull();
    expect(buildJsonTree(JSON.stringify(Array.from({ length: 10 }, (_, i) => i)), 20)).not.toBeNull();
  });

  it("says what a folded branch holds, and writes strings with JSON escapes", () => {
    const root = branch(buildJsonTree('{"a":[1],"b":{},"s":"<script>\\"x\\"\\n"}')!.root);
    expect(foldedSummary(branch(root.children[0]!))).toBe("[ 1 item ]");
    expect(foldedSummary(branch(root.children[1]!))).toBe("{ 0 keys }");
    expect(foldedSummary(root)).toBe("{ 3 keys }");
    expect(leafText(root.children[2] as JsonLeaf)).toBe('"<script>\\"x\\"\\n"');
  });
});
