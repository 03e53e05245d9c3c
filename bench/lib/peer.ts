// Another console measured beside Eventscope in the same run (e.g. Kafdrop): started by the bench
// from BENCH_PEER_CMD once the bench broker holds its data ({brokers} in the command is replaced by
// the broker list), so it watches the same Kafka; stopped at the end, also when the bench fails.
// None of the peer's code is in this repository: the command points at a build of it elsewhere.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sleep } from "./common";

export interface Peer {
  /** Spawn to the first 200 of its first URL, ms. */
  startMs: number;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

export async function startPeer(command: string, brokers: string[], readyUrl: string, accept: string): Promise<Peer> {
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "eventscope-bench-peer-")), "peer.log");
  const out = fs.openSync(logFile, "w");
  const started = performance.now();
  const child = spawn("bash", ["-c", `exec ${command.replaceAll("{brokers}", brokers.join(","))}`], { detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  let exited = false;
  child.once("exit", () => (exited = true));
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // gone
    }
  };
  process.once("exit", () => !exited && kill("SIGKILL"));
  const stop = async () => {
    if (exited) return;
    const gone = new Promise((resolve) => child.once("exit", resolve));
    kill("SIGTERM");
    await Promise.race([gone, sleep(15_000)]);
    if (!exited) kill("SIGKILL");
    if (!process.env.BENCH_KEEP) fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
  };
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (exited) throw new Error(`the peer (BENCH_PEER_CMD) exited at start; its log:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
    try {
      const response = await fetch(readyUrl, { headers: { Accept: accept }, signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the peer did not answer ${readyUrl} within 300 s; its log: ${logFile}`);
    }
    await sleep(500);
  }
  return { startMs: performance.now() - started, pid: child.pid!, logFile, stop };
}
