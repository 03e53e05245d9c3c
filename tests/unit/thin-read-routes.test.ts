import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Read routes are parse -> presenter -> respond (lib/presenters/*.server.ts). This keeps them so: a GET
// handler that grows past MAX_GET_LINES lines is doing the presenter's work, and a route that calls
// sampleOnRead itself is one a new route could forget (serverless sampling belongs in presenters).

const MAX_GET_LINES = 25;
const API = path.resolve(__dirname, "../../app/api");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** The GET handler's function (the first function argument of its wrapper, or the function itself). */
function getHandler(source: ts.SourceFile): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) && node.name?.text === "GET") found = node;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === "GET" && node.initializer) {
      let value: ts.Expression = node.initializer;
      while (ts.isCallExpression(value)) {
        const fn = value.arguments.find((arg) => ts.isArrowFunction(arg) || ts.isFunctionExpression(arg) || ts.isCallExpression(arg));
        if (!fn) break;
        value = fn;
      }
      found = value;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function lineCount(source: ts.SourceFile, node: ts.Node): number {
  const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
  const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
  return end - start + 1;
}

const routes = routeFiles(API).map((file) => {
  const text = readFileSync(file, "utf8");
  return { name: path.relative(API, file), text, source: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true) };
});

describe("read routes stay thin", () => {
  it("finds the routes and their GET handlers", () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter(({ source }) => getHandler(source)).length).toBeGreaterThan(30);
  });

  it.each(routes.map((route) => [route.name, route] as const))(`%s: a GET handler of at most ${MAX_GET_LINES} lines`, (_name, { source }) => {
    const handler = getHandler(source);
    if (handler) expect(lineCount(source, handler)).toBeLessThanOrEqual(MAX_GET_LINES);
  });

  it.each(routes.map((route) => [route.name, route] as const))("%s: no sampleOnRead in the route (a presenter samples)", (_name, { text }) => {
    expect(text).not.toMatch(/sample(All)?OnRead/);
  });

  it("counts the lines of a handler as written", () => {
    const text = "export const GET = apiRoute(async () => {\n  const a = 1;\n  return a;\n}, { access: \"admin\" });\n";
    const source = ts.createSourceFile("route.ts", text, ts.ScriptTarget.Latest, true);
    expect(lineCount(source, getHandler(source)!)).toBe(4);
  });
});
