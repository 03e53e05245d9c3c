// Node flags of the production server, wherever it is started: `npm start` (package.json), the
// Docker image's CMD, the demo (scripts/demo.sh) and the benchmarks (bench/lib/production-server.ts).
// tests/unit/server-node-flags.test.ts checks they all pass these.
//
// --max-semi-space-size=4: V8's young generation grows to 2 x 16 MB by default, which the server
// keeps resident; 4 MB semi-spaces keep 26 MB less at any scale (docs/benchmarks.md, issue 17). It
// cannot be set once the process runs, unlike the heap growing factor (lib/heap-tuning.ts).
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=4"];
