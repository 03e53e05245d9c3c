import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { authorize } from "@/lib/auth/guard";
import type { Actor, RouteAccess } from "@/lib/auth/roles";
import { AppError, errorBody, invalidInput, isAppError, statusOf } from "./errors";
import { jsonResponse } from "./json-response";
import { findBadText, textProblem } from "./request-text";

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (request: Request, params: P, actor: Actor) => Promise<Response | unknown>;

export interface RouteOptions {
  /** The least role the route needs; reads default to viewer, "public" skips sign-in. */
  access?: RouteAccess;
  /**
   * A credential this one route accepts besides sign-in and API tokens (the cron route's
   * `Authorization: Bearer $CRON_SECRET`): an actor when the request carries it, else null and the
   * usual guard decides.
   */
  alsoAccept?: (request: Request) => Actor | null;
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Every API route goes through here: the cross-origin check for state-changing requests, sign-in and
 * role, then the handler, then one mapping from errors to HTTP. Unknown errors never leak their message.
 */
export function apiRoute<P = Record<string, never>>(handler: Handler<P>, options: RouteOptions = {}) {
  const access = options.access ?? "viewer";
  const route = async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      if (STATE_CHANGING.has(request.method)) rejectCrossSite(request);
      const actor = options.alsoAccept?.(request) ?? (await authorize(request, access));
      const result = await handler(request, checkPathParams(await context.params), actor);
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
  // Readable by tests (tests/integration/auth-routes.test.ts), which check every route's guard.
  return Object.assign(route, { access });
}

export function errorResponse(error: unknown): Response {
  if (isAppError(error)) {
    return NextResponse.json(errorBody(error.code, error.message, error.details), { status: statusOf(error) });
  }
  if (isZodError(error)) {
    const issue = error.issues[0];
    const field = issue?.path.join(".") || "body";
    return NextResponse.json(errorBody("invalid-input", `${field}: ${issue?.message ?? "invalid"}`, { field }), { status: 400 });
  }
  console.error("[eventscope] unexpected error", error);
  return NextResponse.json(errorBody("internal", "Something went wrong on the server; it has been logged."), { status: 500 });
}

// Checked by shape, not instanceof, for the same reason as isAppError.
function isZodError(error: unknown): error is z.ZodError {
  return error instanceof z.ZodError || (error instanceof Error && error.name === "ZodError" && Array.isArray((error as z.ZodError).issues));
}

/** A browser sends Origin on cross-site requests; a script with a token sends none and is allowed. */
function rejectCrossSite(request: Request): void {
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite === "cross-site") throw new AppError("cross-origin", "cross-site requests cannot change anything");
  if (!origin) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError("cross-origin", "the Origin header is not a valid URL");
  }
  if (originHost !== host) throw new AppError("cross-origin", `requests from ${origin} cannot change anything here`);
}

/** Path parameters (already decoded by the router) holding text no name can hold (request-text.ts): 400. */
function checkPathParams<P>(params: P): P {
  for (const [name, value] of Object.entries(params ?? {})) {
    const problem = typeof value === "string" ? textProblem(value) : null;
    if (problem) throw invalidInput(name, problem);
  }
  return params;
}

/** Parses the query string with a zod schema; a bad field becomes a 400 that names it. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  for (const [name, value] of Object.entries(params)) {
    const problem = textProblem(value);
    if (problem) throw invalidInput(name, problem);
  }
  return schema.parse(params);
}

export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    throw new AppError("invalid-input", "body: send JSON with Content-Type: application/json", { field: "body" });
  }
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new AppError("invalid-input", "body: not valid JSON", { field: "body" });
  }
  const bad = findBadText(raw);
  if (bad) throw invalidInput(bad.field, bad.problem);
  return schema.parse(raw);
}
