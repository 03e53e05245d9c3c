// `npm start` listens where HOSTNAME says, and only on 127.0.0.1 when it says nothing (issue 11,
// item 7: `next start` ignored HOSTNAME and listened on every interface). Runs the real script on
// the real build. The whole 127/8 reaches the loopback interface on Linux, so a server bound to
// 127.0.0.1 refuses a connection to 127.0.0.2, and one bound to 0.0.0.0 accepts it.
import { afterEach, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { eventually, prepareStandaloneBuild, ROOT, sleep } from "./support/stack";

let server: ChildProcess | undefined;
let workDir: string | undefined;

afterEach(async () => {
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    process.kill(-server.pid, "SIGTERM");
    await Promise.race([exited, sleep(10_000)]);
    if (server.exitCode === null) process.kill(-server.pid, "SIGKILL");
  }
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  server = workDir = undefined;
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 5_000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

/** `npm start` (node scripts/start.mjs) with a fresh database; resolves with its port once /api/v1/health answers. */
async function npmStart(hostname: string | undefined): Promise<number> {
  prepareStandaloneBuild();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-npm-start-"));
  fs.writeFileSync(path.join(workDir, "config.json"), JSON.stringify({ clusters: [] }));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" };
  delete env.HOSTNAME;
  if (hostname !== undefined) env.HOSTNAME = hostname;
  Object.assign(env, {
    EVENTSCOPE_CONFIG: path.join(workDir, "config.json"),
    DATABASE_URL: `file:${path.join(workDir, "es.db")}`,
    EVENTSCOPE_SECRET_KEY_FILE: path.join(workDir, "secret.key"),
    EVENTSCOPE_SAMPLER: "off",
  });
  const log = fs.openSync(path.join(workDir, "server.log"), "w");
  server = spawn("npm", ["start", "--silent"], { cwd: ROOT, env, detached: true, stdio: ["ignore", log, log] });
  fs.closeSync(log);
  await eventually(
    "npm start's /api/v1/health",
    async () => {
      if (server?.exitCode !== null) throw new Error(`npm start exited: ${fs.readFileSync(path.join(workDir!, "server.log"), "utf8").slice(-2000)}`);
      return (await fetch(`http://127.0.0.1:${port}/api/v1/health`, { signal: AbortSignal.timeout(3_000) })).ok;
    },
    120_000,
  );
  return port;
}

describe("npm start", () => {
  it("listens on 127.0.0.1 only when HOSTNAME is not set", async () => {
    const port = await npmStart(undefined);
    expect(await accepts("127.0.0.1", port)).toBe(true);
    expect(await accepts("127.0.0.2", port)).toBe(false);
  }, 180_000);

  it("listens where HOSTNAME says (0.0.0.0: every interface)", async () => {
    const port = await npmStart("0.0.0.0");
    expect(await accepts("127.0.0.1", port)).toBe(true);
    expect(await accepts("127.0.0.2", port)).toBe(true);
  }, 180_000);
});
