// Runs once when the server starts. A bad configuration file stops start-up with a message that
// names the bad field, rather than a console that half works. Then one sampler per cluster starts
// (not in serverless mode, where nothing may run between requests: lib/runtime-mode.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // A bounded heap before anything allocates much (lib/heap-tuning.ts).
  const { tuneHeap } = await import("./lib/heap-tuning");
  try {
    tuneHeap();
  } catch (error) {
    console.error(`[eventscope] cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  // TRACE and badly percent-encoded paths get a JSON 4xx instead of Next's bare 500.
  const { installRawRequestGuard } = await import("./lib/api/raw-request-guard");
  installRawRequestGuard();
  // Before Next serves any request: the socket's address for sign-in limits and the audit
  // log (lib/auth/request-address.ts), and which proxies may tell another one (X-Forwarded-For).
  const { installPeerAddressStamp, trustedProxies } = await import("./lib/auth/request-address");
  installPeerAddressStamp();
  try {
    const proxies = trustedProxies().entries;
    if (proxies.length > 0) console.log(`[eventscope] X-Forwarded-For is believed from: ${proxies.join(", ")}`);
  } catch (error) {
    console.error(`[eventscope] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const { loadConfig, configErrorMessage } = await import("./lib/config/load-config");
  try {
    const config = loadConfig();
    console.log(`[eventscope] configuration: ${config.clusters.length} cluster(s) from file`);
  } catch (error) {
    console.error(`[eventscope] cannot start: ${configErrorMessage(error)}`);
    process.exit(1);
  }
  // Single sign-on settings (EVENTSCOPE_OIDC_*): a bad value stops start-up naming the variable.
  const { readOidcConfig } = await import("./lib/auth/oidc-config");
  try {
    const oidc = readOidcConfig();
    if (oidc) console.log(`[eventscope] single sign-on: ${oidc.issuer.href}, redirect URL ${oidc.redirectUrl.href}`);
  } catch (error) {
    console.error(`[eventscope] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const { runtimeMode, serverlessDatabaseProblem, serverlessWarnings } = await import("./lib/runtime-mode");
  if (runtimeMode() === "serverless") {
    // Nothing may run between requests: metrics routes sample on read, the cron route
    // (/api/v1/cron/sample) runs jobs in slices, the browser polls. And only PostgreSQL keeps data.
    const { getDatabaseKind } = await import("./lib/db");
    const problem = serverlessDatabaseProblem("serverless", getDatabaseKind());
    if (problem) {
      console.error(`[eventscope] cannot start: ${problem}`);
      process.exit(1);
    }
    console.log("[eventscope] serverless mode: sampling on read, jobs from the cron route, no live stream");
    for (const warning of serverlessWarnings()) console.warn(`[eventscope] ${warning}`);
    return;
  }
  const { watchEventLoopDelay } = await import("./lib/metrics/event-loop-delay");
  watchEventLoopDelay();
  const { startJobs } = await import("./lib/jobs/start-jobs");
  startJobs();
  if (process.env.EVENTSCOPE_SAMPLER === "off") return;
  // The services' Prometheus endpoints (config `metrics`), each scraped on its own timer.
  const { syncMetricsSources } = await import("./lib/metrics-sources/registry");
  try {
    syncMetricsSources();
  } catch (error) {
    console.error("[eventscope] could not start the metrics sources:", (error as Error).message);
  }
  const { startOutboxSampling } = await import("./lib/outbox/outbox-sampler");
  startOutboxSampling();
  const { syncSamplers } = await import("./lib/metrics/samplers");
  try {
    await syncSamplers();
  } catch (error) {
    // The database may be briefly unavailable; samplers for file clusters retry on the next sync.
    console.error("[eventscope] could not start the samplers yet:", error);
    setTimeout(() => void syncSamplers().catch(() => undefined), 10_000).unref();
  }
}
