import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { parseConfig } from "@/lib/config/load-config";

// There is no Docker engine on these machines, so the Dockerfile and docker-compose.yml are kept right
// by construction, and these checks hold them to the code they ship: every path they copy exists (or
// is what `next build` makes), the healthcheck's route exists, the compose config passes the console's
// own validation, and the images match the versions the project tests against. The server they run
// (`node .next/standalone/server.js`) is what the browser tests start.
const root = path.resolve(__dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const dockerfile = read("Dockerfile");
const compose = read("docker-compose.yml");
const BUILT = [".next/standalone", ".next/static", "public"]; // made by the builder stage

describe("Dockerfile", () => {
  it("copies only paths the repository has or the build makes", () => {
    const copies = [...dockerfile.matchAll(/^COPY\s+(?:--\S+\s+)*(.+)\s+\S+$/gm)].flatMap((match) => match[1]!.trim().split(/\s+/));
    expect(copies.length).toBeGreaterThan(5);
    for (const source of copies) {
      if (source === "." || source === "./") continue;
      const relative = source.replace(/^\/app\//, "");
      if (BUILT.includes(relative) || relative === "node_modules") continue;
      expect(fs.existsSync(path.join(root, relative)), `COPY ${source}`).toBe(true);
    }
  });

  it("runs the standalone server as a non-root user, with a healthcheck on a route that exists", () => {
    expect(read("next.config.js")).toMatch(/output:\s*"standalone"/);
    const runner = dockerfile.slice(dockerfile.lastIndexOf("FROM "));
    expect(runner).toMatch(/AS runner/);
    expect(runner).toMatch(/^USER eventscope$/m);
    expect(runner).toMatch(/CMD \["node", "server.js"\]/);
    const health = /HEALTHCHECK[\s\S]*?(\/api\/v1\/[a-z/]+)/.exec(runner)?.[1];
    expect(health).toBe("/api/v1/health");
    expect(fs.existsSync(path.join(root, "app/api/v1/health/route.ts"))).toBe(true);
  });

  it("starts the demo stage with a script that exists", () => {
    const demo = /FROM \S+ AS demo[\s\S]*?CMD \[(.+)\]/.exec(dockerfile)?.[1];
    const script = demo?.split(",").map((part) => part.trim().replace(/"/g, "")).find((part) => part.endsWith(".ts"));
    expect(script && fs.existsSync(path.join(root, script))).toBe(true);
  });
});

describe("docker-compose.yml", () => {
  it("gives the console a configuration its own validation accepts", () => {
    const block = /content: \|\n((?: {6}.*\n|\n)+)/.exec(compose)?.[1];
    expect(block).toBeDefined();
    const config = parseConfig(block!, "docker-compose.yml configs.eventscope-config");
    expect(config.clusters.map((cluster) => cluster.kind).sort()).toEqual(["kafka", "nats"]);
    expect(config.idempotency?.[0]).toMatchObject({ kind: "redis", pattern: "processed:*" });
  });

  it("runs the Kafka version the project tests against", () => {
    const tested = /KAFKA_DEFAULT_VERSION="([^"]+)"/.exec(read("scripts/lib/kafka.sh"))?.[1];
    expect(compose).toContain(`image: apache/kafka:${tested}`);
  });

  it("passes the demo services the variables they read", () => {
    const settings = read("scripts/demo/settings.ts");
    for (const name of ["KAFKA_BROKERS", "NATS_URL", "REDIS_URL", "DEMO_RATE"]) {
      expect(compose).toContain(`${name}:`);
      expect(settings).toMatch(new RegExp(`\\b${name}\\b`));
    }
  });
});
