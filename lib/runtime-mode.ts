// Whether Eventscope runs as a long-lived server or as serverless functions (Vercel), from the
// environment. Pure: no "server-only", so instrumentation, lib/db and the tests share one rule.
//
// Serverless: nothing runs between requests, memory does not survive from one invocation to the
// next, and the filesystem is not persistent. So there is no background sampler (metrics routes
// sample on read, lib/metrics/serverless), no job runner loop (the cron route runs jobs in slices),
// no Server-Sent Events (the browser polls), and the database must be PostgreSQL.

export type RuntimeMode = "server" | "serverless";

type Env = Record<string, string | undefined>;

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off"]);

/**
 * `EVENTSCOPE_SERVERLESS=1` switches serverless mode on (for a local test of that mode, or another
 * serverless host); `EVENTSCOPE_SERVERLESS=0` switches it off even on Vercel (say, a Vercel-built
 * image run elsewhere). Unset: serverless when Vercel says it is running us (`VERCEL=1`).
 */
export function runtimeMode(env: Env = process.env): RuntimeMode {
  const explicit = env.EVENTSCOPE_SERVERLESS?.trim().toLowerCase();
  if (explicit && TRUE.has(explicit)) return "serverless";
  if (explicit && FALSE.has(explicit)) return "server";
  return env.VERCEL?.trim() === "1" ? "serverless" : "server";
}

export const isServerless = (env: Env = process.env) => runtimeMode(env) === "serverless";

/**
 * Why this database cannot be used in this mode, or null. Serverless needs PostgreSQL: a SQLite file
 * on a function's filesystem is lost when the instance goes, and each instance would have its own.
 * `kind` is the database the URL resolves to (lib/db/database-url.ts).
 */
export function serverlessDatabaseProblem(mode: RuntimeMode, kind: "sqlite" | "postgres"): string | null {
  if (mode !== "serverless" || kind === "postgres") return null;
  return (
    "Serverless mode (EVENTSCOPE_SERVERLESS=1 or VERCEL=1) needs PostgreSQL: set DATABASE_URL to a postgres:// or " +
    "postgresql:// URL. SQLite would live on the function's temporary filesystem and lose every user, job and " +
    "sample when the instance goes away (docs/deploy.md, \"Vercel\")."
  );
}

/** What serverless mode lacks in this environment but can run without (logged at start-up). */
export function serverlessWarnings(env: Env = process.env): string[] {
  const warnings: string[] = [];
  if (!env.EVENTSCOPE_SECRET_KEY?.trim()) {
    warnings.push(
      "EVENTSCOPE_SECRET_KEY is not set: a generated key would live on this instance's temporary filesystem, so credentials of clusters added in the console could not be decrypted by the next instance.",
    );
  }
  if (!env.CRON_SECRET?.trim()) {
    warnings.push("CRON_SECRET is not set: Vercel Cron cannot call /api/v1/cron/sample (only admin credentials can), so jobs advance only when someone calls it.");
  }
  return warnings;
}
