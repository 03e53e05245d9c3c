// Preloaded into the production server by bench/load.ts (node --require); not part of the product
// (nothing in app/ or lib/ loads it). Two probes, each on when its environment variable names a path:
//
// BENCH_REQUEST_TIMING=<file>: for every HTTP request, when the server's "request" event fired (its
// socket was accepted and read, the headers parsed), how long until the response finished, and how
// long a setImmediate queued at that moment waited (the event loop as this request saw it). One JSON
// line per request, written when the server exits. The bench matches them to its own timings of the
// same requests (x-bench-id header): a slow answer splits into time inside the server and time
// before it (the client's process, the kernel's accept queue).
//
// BENCH_MEMORY_PROBE=<file>: on SIGUSR2, one JSON line of what the process holds: RSS, V8 heap
// (after a full GC when the server runs with --expose-gc), external and array buffers, and each heap
// space; with BENCH_HEAP_SNAPSHOTS=<dir> also a heap snapshot, to compare fresh / loaded / idle.
"use strict";
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const v8 = require("node:v8");
const { performance } = require("node:perf_hooks");

const timingFile = process.env.BENCH_REQUEST_TIMING;
if (timingFile) {
  const lines = [];
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, request, response) {
    if (event === "request") {
      const arrived = performance.now();
      const arrivedAt = Date.now();
      const id = request.headers["x-bench-id"];
      let loopMs;
      setImmediate(() => (loopMs = performance.now() - arrived));
      response.once("finish", () => {
        lines.push(JSON.stringify({ id: id === undefined ? null : Number(id), path: request.url.split("?")[0], arrivedAt, ms: performance.now() - arrived, loopMs, status: response.statusCode }));
      });
    }
    return emit.apply(this, arguments);
  };
  const flush = () => {
    try {
      fs.writeFileSync(timingFile, lines.join("\n") + "\n");
    } catch {
      // nothing to do about it at exit
    }
  };
  process.once("exit", flush);
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      flush();
      process.exit(0);
    });
  }
}

const memoryFile = process.env.BENCH_MEMORY_PROBE;
if (memoryFile) {
  let count = 0;
  process.on("SIGUSR2", () => {
    if (typeof global.gc === "function") {
      global.gc();
      global.gc();
    }
    const usage = process.memoryUsage();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((space) => [space.space_name, Math.round(space.space_used_size / 2 ** 20)]));
    const line = { at: new Date().toISOString(), n: ++count, rssMB: usage.rss / 2 ** 20, heapTotalMB: usage.heapTotal / 2 ** 20, heapUsedMB: usage.heapUsed / 2 ** 20, externalMB: usage.external / 2 ** 20, arrayBuffersMB: usage.arrayBuffers / 2 ** 20, spacesMB: spaces };
    const snapshots = process.env.BENCH_HEAP_SNAPSHOTS;
    if (snapshots) line.snapshot = v8.writeHeapSnapshot(path.join(snapshots, `server-${count}.heapsnapshot`));
    fs.appendFileSync(memoryFile, JSON.stringify(line) + "\n");
  });
}
