import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Read routes are parse -> presenter -> respond (lib/presenters/*.server.ts). This keeps them so: a GET
// handler that grows past MAX_GET_LINES lines is doing the presenter's work, a route that calls
// sampleOnRead itself is one a new route could forget (serverless sampling belongs in presenters), and
// a route that parses its query with a schema of its own has a second description of the API beside
// the contract's (lib/contract/*, which also writes openapi.json).

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

/** The names of what a route hands to parseQuery: an identifier, or the function that builds it (`messagesQueryFor(kind)`). */
function parsedSchemas(source: ts.SourceFile): string[] {
  const names: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "parseQuery") {
      const schema = node.arguments[1];
      const name = schema && ts.isCallExpression(schema) ? schema.expression : schema;
      names.push(name && ts.isIdentifier(name) ? name.text : "(not a name)");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** Names imported from the contract, or from modules that only add a kind's rules to its schemas. */
const CONTRACT_MODULES = /^@\/lib\/(contract\/|messages\/messages-query$)/;
function contractImports(source: ts.SourceFile): string[] {
  return source.statements.flatMap((statement) => {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) return [];
    if (!CONTRACT_MODULES.test(statement.moduleSpecifier.text)) return [];
    const bindings = statement.importClause?.namedBindings;
    return bindings && ts.isNamedImports(bindings) ? bindings.elements.map((element) => element.name.text) : [];
  });
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

  it.each(routes.map((route) => [route.name, route] as const))("%s: queries parsed with the contract's schemas only", (_name, { source, text }) => {
    expect(text).not.toMatch(/from "zod"/);
    for (const schema of parsedSchemas(source)) expect(contractImports(source), `parseQuery(request, ${schema})`).toContain(schema);
  });

  it("counts the lines of a handler as written", () => {
    const text = "export const GET = apiRoute(async () => {\n  const a = 1;\n  return a;\n}, { access: \"admin\" });\n";
    const source = ts.createSourceFile("route.ts", text, ts.ScriptTarget.Latest, true);
    expect(lineCount(source, getHandler(source)!)).toBe(4);
  });

  it("sees a query schema that is not the contract's", () => {
    const text = 'import { z } from "zod";\nimport { listJobsQuery } from "@/lib/contract/jobs";\nconst own = z.object({});\nparseQuery(request, own);\nparseQuery(request, listJobsQuery);\n';
    const source = ts.createSourceFile("route.ts", text, ts.ScriptTarget.Latest, true);
    expect(parsedSchemas(source)).toEqual(["own", "listJobsQuery"]);
    expect(contractImports(source)).toEqual(["listJobsQuery"]);
  });
});
