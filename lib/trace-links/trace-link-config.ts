import "server-only";
import fs from "node:fs";
import { configFilePath, loadConfig } from "@/lib/config/load-config";

// The template is read from the config file, again only when the file changes (like the idempotency stores).
const globalState = globalThis as typeof globalThis & { __eventscopeTraceLinks?: { file: string; mtimeMs: number; template: string | null } };

/**
 * The configured trace link template (validated at load: lib/config/schema), or null when there is
 * none or the config file cannot be read (then trace ids are shown without a link; the file's error
 * is reported where clusters and stores are).
 */
export function traceLinkTemplate(): string | null {
  const file = configFilePath();
  let mtimeMs = -1;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    // No file: no template.
  }
  const cached = globalState.__eventscopeTraceLinks;
  if (cached?.file === file && cached.mtimeMs === mtimeMs) return cached.template;
  let template: string | null = null;
  try {
    template = loadConfig().traceLinks?.urlTemplate ?? null;
  } catch {
    template = null;
  }
  globalState.__eventscopeTraceLinks = { file, mtimeMs, template };
  return template;
}
