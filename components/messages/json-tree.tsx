"use client";
import "./json-tree.css";
import { foldedSummary, isJsonBranch, leafText, type JsonNode } from "@/lib/client/json-tree";
import { revealControlChars } from "@/lib/client/message-value";

/** Branches this deep or shallower start open; deeper ones start folded. */
const OPEN_DEPTH = 2;

function Key({ node }: { node: JsonNode }) {
  if (node.key === null) return null;
  return (
    <>
      <span className="json-key bidi-isolate">{revealControlChars(node.key)}</span>
      <span className="json-colon">: </span>
    </>
  );
}

function TreeNode({ node, depth }: { node: JsonNode; depth: number }) {
  if (isJsonBranch(node)) {
    if (node.size === 0) {
      return (
        <div className="json-line" title={node.path}>
          <Key node={node} />
          <span className="json-punct">{node.kind === "array" ? "[]" : "{}"}</span>
        </div>
      );
    }
    return (
      <details className="json-branch" open={depth < OPEN_DEPTH}>
        <summary className="json-line" title={node.path}>
          <Key node={node} />
          <span className="json-summary">{foldedSummary(node)}</span>
        </summary>
        <div className="json-children">
          {node.children.map((child) => (
            <TreeNode key={child.path} node={child} depth={depth + 1} />
          ))}
        </div>
      </details>
    );
  }
  return (
    <div className="json-line" title={node.path}>
      <Key node={node} />
      <span className={`json-${node.kind}`}>{revealControlChars(leafText(node))}</span>
    </div>
  );
}

/** A JSON value as a collapsible tree (native <details>); every key and value is rendered as text. */
export function JsonTreeView({ root }: { root: JsonNode }) {
  return (
    <div className="code-block json-tree" role="tree" aria-label="JSON tree">
      <TreeNode node={root} depth={0} />
    </div>
  );
}
