// The browser tests' harness: the real production server (Next's standalone output, what the
// Dockerfile runs), the demo services for traffic, users, and Chromium through playwright-core.
// Nothing here mocks a broker: the tests run against the Kafka, NATS and Redis that `npm test`
// (scripts/test.sh) brought up.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const RESULTS_DIR = path.join(ROOT, "test-results");
export const SCREENSHOT_DIR = path.join(RESULTS_DIR, "screenshots");

export const KAFKA_BROKERS = (process.env.TEST_KAFKA_BROKERS ?? "127.0.0.1:9092").split(",").map((s) => s.trim()).filter(Boolean);
export const NATS_SERVERS = (process.env.TEST_NATS_SERVERS ?? "nats://127.0.0.1:4222").split(",").map((s) => s.trim()).filter(Boolean);
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";
export const RABBITMQ_MANAGEMENT_URL = process.env.TEST_RABBITMQ_MANAGEMENT_URL ?? "http://127.0.0.1:15672";
export const CHROMIUM = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";

const STANDALONE_DIR = path.join(ROOT, ".next", "standalone");
const SERVER_JS = path.join(STANDALONE_DIR, "server.js");

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something truthy; the last error or value is in the failure message. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${detail})`);
    }
    await sleep(everyMs);
  }
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Ends a process group (a child spawned with `detached: true` leads its own): TERM, then KILL. */
async function stopGroup(child: ChildProcess | undefined, graceMs: number): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return; // already gone
  }
  const timer = sleep(graceMs).then(() => "timeout" as const);
  if ((await Promise.race([exited.then(() => "exited" as const), timer])) === "timeout") {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
    await Promise.race([exited, sleep(2_000)]);
  }
}

/**
 * A detached watchdog for a process group we started: if this test process dies without stopping it
 * (the run was killed, Ctrl-C), the watchdog ends the group, so no server or demo outlives the run.
 * `cancel()` once the group has been stopped normally.
 */
function watchdog(groupPid: number, graceSeconds: number, removeDir?: string): { cancel(): void } {
  const cleanup = removeDir && !process.env.E2E_KEEP ? `rm -rf '${removeDir.replace(/'/g, "")}'` : "true";
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done`,
    `if kill -TERM -- -${groupPid} 2>/dev/null; then`,
    `  for i in $(seq ${graceSeconds}); do kill -0 -- -${groupPid} 2>/dev/null || break; sleep 1; done`,
    `  kill -KILL -- -${groupPid} 2>/dev/null`,
    `fi`,
    cleanup,
  ].join("\n");
  const dog = spawn("bash", ["-c", script], { detached: true, stdio: "ignore" });
  dog.unref();
  return {
    cancel: () => {
      try {
        dog.kill("SIGTERM");
      } catch {
        // already gone
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Build

/**
 * The standalone build the tests run. `npm test` builds once before the e2e project; run alone
 * (`npm run test:e2e`) the build is made here when missing. Then `public/` and `.next/static` are
 * copied next to server.js, as the Dockerfile does.
 */
export function prepareStandaloneBuild(): string {
  if (!fs.existsSync(SERVER_JS) || process.env.E2E_BUILD === "1") {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const log = path.join(RESULTS_DIR, "e2e-build.log");
    console.log(`[e2e] building the app (npx next build; log in ${path.relative(ROOT, log)})`);
    const out = fs.openSync(log, "w");
    const result = spawnSync("npx", ["--no", "--", "next", "build"], { cwd: ROOT, stdio: ["ignore", out, out], env: { ...process.env, NODE_ENV: "production" } });
    fs.closeSync(out);
    if (result.status !== 0 || !fs.existsSync(SERVER_JS)) {
      throw new Error(`next build failed (status ${result.status}); last lines of ${log}:\n${tail(log)}`);
    }
  }
  const staticSrc = path.join(ROOT, ".next", "static");
  const staticDst = path.join(STANDALONE_DIR, ".next", "static");
  fs.rmSync(staticDst, { recursive: true, force: true });
  fs.cpSync(staticSrc, staticDst, { recursive: true });
  const publicSrc = path.join(ROOT, "public");
  if (fs.existsSync(publicSrc)) {
    const publicDst = path.join(STANDALONE_DIR, "public");
    fs.rmSync(publicDst, { recursive: true, force: true });
    fs.cpSync(publicSrc, publicDst, { recursive: true });
  }
  return SERVER_JS;
}

// ---------------------------------------------------------------------------------------------
// Server

export interface Credentials {
  username: string;
  password: string;
}

export interface Console {
  baseUrl: string;
  adminToken: string;
  admin: Credentials;
  workDir: string;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts `node .next/standalone/server.js` with a fresh SQLite database, a config file listing the
 * local clusters (sampled every second) and the Redis idempotency store, a bootstrap admin token and
 * the first admin's password. Resolves once GET /api/v1/health answers.
 */
/** The clusters every e2e console watches (sampled every second). */
export const DEFAULT_CLUSTERS = [
  { id: "local-kafka", name: "Local Kafka", kind: "kafka", brokers: KAFKA_BROKERS, samplingIntervalMs: 1000 },
  { id: "local-nats", name: "Local NATS", kind: "nats", servers: NATS_SERVERS, samplingIntervalMs: 1000 },
];

/**
 * Every cluster kind on this machine's brokers, for the tests of pages each kind has (pass as
 * `extraConfig: { clusters: ALL_KIND_CLUSTERS }`). The Redis Streams cluster watches e2e streams only.
 */
export const ALL_KIND_CLUSTERS = [
  ...DEFAULT_CLUSTERS,
  { id: "local-rabbit", name: "Local RabbitMQ", kind: "rabbitmq", url: RABBITMQ_URL, managementUrl: RABBITMQ_MANAGEMENT_URL, samplingIntervalMs: 1000 },
  { id: "local-streams", name: "Local Redis Streams", kind: "redis-streams", url: REDIS_URL, pattern: "e2e-streams-*", samplingIntervalMs: 1000 },
];

export async function startConsole(name: string, options: { extraConfig?: Record<string, unknown> } = {}): Promise<Console> {
  const serverJs = prepareStandaloneBuild();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `eventscope-e2e-${name}-`));
  const port = await freePort();
  const adminToken = `e2e-${randomBytes(24).toString("hex")}`;
  const admin = { username: "admin", password: `e2e-admin-${randomBytes(12).toString("hex")}` };
  const configFile = path.join(workDir, "eventscope.config.json");
  fs.writeFileSync(
    configFile,
    JSON.stringify(
      {
        clusters: DEFAULT_CLUSTERS,
        idempotency: [{ id: "orders-redis", kind: "redis", url: REDIS_URL, pattern: "processed:*", ttlSeconds: 3600 }],
        // Further top-level config fields a test needs (traceLinks...).
        ...options.extraConfig,
      },
      null,
      2,
    ),
  );
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const logFile = path.join(RESULTS_DIR, `e2e-server-${name}.log`);
  const out = fs.openSync(logFile, "w");

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["VERCEL", "EVENTSCOPE_SERVERLESS", "EVENTSCOPE_SAMPLER", "EVENTSCOPE_ADMIN_USER", "EVENTSCOPE_COOKIE_SECURE", "NEXT_RUNTIME", "__NEXT_PRIVATE_ORIGIN"]) delete env[key];
  Object.assign(env, {
    NODE_ENV: "production",
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    NEXT_TELEMETRY_DISABLED: "1",
    EVENTSCOPE_CONFIG: configFile,
    DATABASE_URL: `file:${path.join(workDir, "eventscope.db")}`,
    EVENTSCOPE_ADMIN_TOKEN: adminToken,
    EVENTSCOPE_ADMIN_PASSWORD: admin.password,
    EVENTSCOPE_SECRET_KEY: randomBytes(32).toString("hex"),
    EVENTSCOPE_SECRET_KEY_FILE: path.join(workDir, "secret.key"),
  });
  const child = spawn(process.execPath, [serverJs], { cwd: path.dirname(serverJs), env, detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  const dog = watchdog(child.pid!, 10, workDir);
  let exitedEarly = false;
  child.once("exit", () => (exitedEarly = true));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopGroup(child, 10_000);
    dog.cancel();
    if (!process.env.E2E_KEEP) fs.rmSync(workDir, { recursive: true, force: true });
  };
  try {
    await eventually(
      "the console's /api/v1/health",
      async () => {
        if (exitedEarly) throw new Error("the server exited");
        const response = await fetch(`${baseUrl}/api/v1/health`, { signal: AbortSignal.timeout(3_000) });
        return response.ok;
      },
      90_000,
    );
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nlast lines of ${logFile}:\n${tail(logFile)}`);
  }
  return { baseUrl, adminToken, admin, workDir, logFile, stop };
}

/** A JSON API call with a bearer token (no Origin header: scripts pass the cross-site check). */
export async function apiCall<T = unknown>(
  consoleOrBase: Pick<Console, "baseUrl">,
  token: string,
  method: string,
  apiPath: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${consoleOrBase.baseUrl}/api/v1${apiPath}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T };
}

/** Creates a user through `POST /api/v1/users` as the bootstrap admin. */
export async function createUser(app: Console, username: string, role: "viewer" | "operator" | "admin"): Promise<Credentials> {
  const password = `e2e-${role}-${randomBytes(12).toString("hex")}`;
  const result = await apiCall(app, app.adminToken, "POST", "/users", { username, password, role });
  if (result.status !== 201) throw new Error(`creating user ${username}: ${result.status} ${JSON.stringify(result.body)}`);
  return { username, password };
}

// ---------------------------------------------------------------------------------------------
// Demo services

export interface Demo {
  logFile: string;
  stop(): Promise<void>;
}

/**
 * `scripts/demo.sh` with the services only, against the brokers already up. A higher poison rate than
 * the default so the DLQ fills within seconds. It stops by itself after `durationSeconds`, should
 * the tests die without stopping it.
 */
export function startDemo(durationSeconds = 900): Demo {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const logFile = path.join(RESULTS_DIR, "e2e-demo.log");
  const out = fs.openSync(logFile, "w");
  const child = spawn("bash", [path.join(ROOT, "scripts", "demo.sh")], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      DEMO_NO_CONSOLE: "1",
      DEMO_SKIP_BROKERS: "1",
      DEMO_DURATION_SECONDS: String(durationSeconds),
      KAFKA_BROKERS: KAFKA_BROKERS.join(","),
      NATS_URL: NATS_SERVERS.join(","),
      REDIS_URL,
      DEMO_RATE: process.env.E2E_DEMO_RATE ?? "10",
      DEMO_POISON_RATE: process.env.E2E_DEMO_POISON_RATE ?? "0.1",
      DEMO_ANALYTICS_AFTER_SECONDS: "5",
    },
  });
  fs.closeSync(out);
  // demo.sh stops its services (own process groups) on SIGTERM, within a few seconds.
  const dog = watchdog(child.pid!, 30);
  return {
    logFile,
    stop: async () => {
      await stopGroup(child, 30_000);
      dog.cancel();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Browser

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page (React crashes, script errors). */
  pageErrors: string[];
}

/** `options` adds to the defaults: a `timezoneId` for the UTC/local switch, say. */
export async function newSession(browser: Browser, app: Pick<Console, "baseUrl">, options: BrowserContextOptions = {}): Promise<BrowserSession> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: app.baseUrl, ...options });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  page.on("dialog", (dialog) => {
    pageErrors.push(`unexpected browser dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { context, page, pageErrors };
}

/** Signs in through the real sign-in page and waits for the console to load. */
export async function signIn(browser: Browser, app: Pick<Console, "baseUrl">, user: Credentials, options: BrowserContextOptions = {}): Promise<BrowserSession> {
  const session = await newSession(browser, app, options);
  const { page } = session;
  await page.goto("/sign-in");
  const form = page.locator('form[aria-label="Sign in"]');
  await form.getByLabel("Username").fill(user.username);
  await form.getByLabel("Password").fill(user.password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 30_000 }), form.getByRole("button", { name: "Sign in" }).click()]);
  await page.locator("aside.sidebar").waitFor();
  return session;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // A modal covers the viewport only: a full-page capture would show the page below it uncovered.
  const modalOpen = await page.locator('dialog[open], [role="dialog"]').first().isVisible().catch(() => false);
  await page.screenshot({ path: file, fullPage: !modalOpen });
  return file;
}

/** Waits for a console page's title, and fails if the page's error boundary is shown instead. */
export async function waitForPage(page: Page, title?: string | RegExp): Promise<void> {
  const heading = page.locator("h1.page-title");
  const crashed = page.getByText("This page failed to render");
  await Promise.race([heading.first().waitFor(), crashed.waitFor()]);
  if (await crashed.isVisible()) {
    throw new Error(`${page.url()} failed to render: ${await page.locator(".state-error").innerText()}`);
  }
  // Hydrated (app/providers.tsx): before that, a click or a selection reaches no handler and is lost.
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === "true", undefined, { timeout: 60_000 });
  if (title !== undefined) {
    await eventually(`page title ${String(title)} on ${page.url()}`, async () => {
      const text = (await heading.first().innerText()).trim();
      return typeof title === "string" ? text.includes(title) : title.test(text);
    }, 30_000, 250);
  }
}


export interface SignedInConsole {
  app: Console;
  browser: Browser;
  session: BrowserSession;
}

/** The start of most browser tests: a console, a browser, and its first admin signed in. */
export async function startSignedIn(name: string, options: { extraConfig?: Record<string, unknown> } = {}): Promise<SignedInConsole> {
  const app = await startConsole(name, options);
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    return { app, browser, session: await signIn(browser, app, app.admin) };
  } catch (error) {
    await stopSignedIn({ app, browser });
    throw error;
  }
}

/** Closes what startSignedIn (and any further sessions) opened; parts that never started are skipped. */
export async function stopSignedIn(parts: { app?: Console; browser?: Browser; sessions?: readonly (BrowserSession | undefined)[] }): Promise<void> {
  for (const session of parts.sessions ?? []) await session?.context.close().catch(() => undefined);
  await parts.browser?.close().catch(() => undefined);
  await parts.app?.stop();
}
