import "server-only";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { configFileSchema, type ConfigFile } from "./schema";

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  // turbopackIgnore: the file is read at run time; the build must not trace (and ship) the project.
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), env.EVENTSCOPE_CONFIG ?? "eventscope.config.json");
}

/** Replaces `${NAME}` in every string with the environment variable, so secrets stay out of the file. */
export function substituteEnv(value: unknown, env: Record<string, string | undefined>, where: string[] = []): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const found = env[name];
      if (found === undefined) throw new ConfigError(`${formatPath(where)}: environment variable ${name} is not set`);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => substituteEnv(item, env, [...where, String(index)]));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteEnv(item, env, [...where, key])]));
  }
  return value;
}

function formatPath(parts: (string | number | symbol)[]): string {
  return parts.reduce<string>((text, part) => {
    if (typeof part === "number" || /^\d+$/.test(String(part))) return `${text}[${String(part)}]`;
    return text ? `${text}.${String(part)}` : String(part);
  }, "");
}

/** Parses config text; every problem is reported with the path of the bad field. */
export function parseConfig(text: string, source: string, env: NodeJS.ProcessEnv = process.env): ConfigFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const result = configFileSchema.safeParse(substituteEnv(raw, env));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${formatPath(issue.path) || "(root)"}: ${issue.message}`);
    throw new ConfigError(`${source}: ${problems.join("; ")}`);
  }
  return result.data;
}

/** A missing file is an empty configuration: clusters can still be added in the UI. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConfigFile {
  const file = configFilePath(env);
  if (!fs.existsSync(file)) {
    if (env.EVENTSCOPE_CONFIG) throw new ConfigError(`${file}: file not found (EVENTSCOPE_CONFIG)`);
    return { clusters: [], idempotency: [], outbox: [] };
  }
  return parseConfig(fs.readFileSync(file, "utf8"), file, env);
}

export const configErrorMessage = (error: unknown) =>
  error instanceof ConfigError || error instanceof z.ZodError ? error.message : String(error);
