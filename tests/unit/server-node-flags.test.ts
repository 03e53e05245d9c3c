import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "../../scripts/server-node-flags.mjs";

const read = (file: string) => fs.readFileSync(file, "utf8");

describe("the production server's node flags", () => {
  it("are passed by npm start, the Docker image, the demo and the benchmarks alike", () => {
    expect(SERVER_NODE_FLAGS).toEqual(["--max-semi-space-size=4"]);
    const flags = SERVER_NODE_FLAGS.join(" ");
    expect(JSON.parse(read("package.json")).scripts.start).toBe(`node ${flags} scripts/start.mjs`);
    expect(read("Dockerfile")).toContain(`CMD ["node", ${SERVER_NODE_FLAGS.map((flag) => JSON.stringify(flag)).join(", ")}, "server.js"]`);
    expect(read("scripts/demo.sh")).toContain(`node ${flags} scripts/start.mjs`);
    expect(read("bench/lib/production-server.ts")).toContain("[...SERVER_NODE_FLAGS, ...(options.nodeArgs ?? []), serverJs]");
  });
});
