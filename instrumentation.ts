// Runs once when the server starts. A bad configuration file stops start-up with a message that
// names the bad field, rather than a console that half works.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { loadConfig, configErrorMessage } = await import("./lib/config/load-config");
  try {
    const config = loadConfig();
    console.log(`[eventscope] configuration: ${config.clusters.length} cluster(s) from file`);
  } catch (error) {
    console.error(`[eventscope] cannot start: ${configErrorMessage(error)}`);
    process.exit(1);
  }
}
