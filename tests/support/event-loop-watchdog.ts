// A request that blocks the event loop (a catastrophic RegExp, a synchronous loop over a huge input)
// stops every timer in the process, so a test can neither time it out nor report it: it just hangs.
// This watchdog runs in a worker thread, which keeps running: when the main thread's heartbeat stops
// for `limitMs`, it writes what was in flight straight to stderr and kills the process, so the run
// fails with the request to replay instead of hanging until CI gives up.
import { Worker } from "node:worker_threads";

const TEXT_BYTES = 64 * 1024;

export interface LoopWatchdog {
  /** What to print if the loop blocks: the requests in flight. */
  setInFlight(text: string): void;
  stop(): void;
}

const WORKER = `
const { workerData } = require("node:worker_threads");
const fs = require("node:fs");
const { heartbeat, text, start, limitMs, pid } = workerData;
const beat = new Int32Array(heartbeat);
const bytes = new Uint8Array(text);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  Atomics.wait(sleeper, 0, 0, 1000);
  if (Atomics.load(beat, 1) === 1) break; // stopped
  const silentMs = Date.now() - start - Atomics.load(beat, 0);
  if (silentMs > limitMs) {
    const length = Atomics.load(beat, 2);
    const inFlight = Buffer.from(bytes.slice(0, length)).toString("utf8");
    fs.writeSync(2, "\\n[event-loop watchdog] the event loop has been blocked for " + silentMs + " ms; in flight:\\n" + inFlight + "\\n");
    process.kill(pid, "SIGKILL");
  }
}
`;

export function startLoopWatchdog(limitMs: number): LoopWatchdog {
  const heartbeat = new SharedArrayBuffer(12); // [ms since start, stopped, text length]
  const text = new SharedArrayBuffer(TEXT_BYTES);
  const beat = new Int32Array(heartbeat);
  const bytes = new Uint8Array(text);
  const start = Date.now();
  const timer = setInterval(() => Atomics.store(beat, 0, Date.now() - start), 100);
  timer.unref();
  const worker = new Worker(WORKER, { eval: true, workerData: { heartbeat, text, start, limitMs, pid: process.pid } });
  worker.unref();
  return {
    setInFlight(value: string) {
      const encoded = Buffer.from(value, "utf8").subarray(0, TEXT_BYTES);
      bytes.set(encoded);
      Atomics.store(beat, 2, encoded.length);
    },
    stop() {
      clearInterval(timer);
      Atomics.store(beat, 1, 1);
      void worker.terminate();
    },
  };
}
