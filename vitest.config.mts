import { defineConfig } from "vitest/config";
import path from "node:path";
import { fileURLToPath } from "node:url";

const __dirname = path.dirname(fileURLToPath(import.meta.url));

// Integration and browser tests share a 2-core machine with real brokers and a production build. Under
// that load a test can lose a race that has nothing to do with the code under test (a broker's
// automatic topic creation, a slow hydration). In CI a failed test is run again, up to twice; Vitest
// reports each retry, and a test that fails for a real reason fails all three times.
const RETRIES_IN_CI = process.env.CI ? 2 : 0;

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname), "server-only": path.resolve(__dirname, "tests/support/server-only-stub.ts") } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          retry: RETRIES_IN_CI,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          retry: RETRIES_IN_CI,
        },
      },
    ],
  },
});
