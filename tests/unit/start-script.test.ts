import { describe, expect, it } from "vitest";
import { startArguments } from "../../scripts/start.mjs";

// `npm start` (scripts/start.mjs) passes HOSTNAME and PORT to `next start`, which ignores HOSTNAME
// by itself and listens on every interface. tests/e2e/npm-start.test.ts checks the listening socket.
describe("npm start arguments", () => {
  it("listens on 127.0.0.1:3000 unless HOSTNAME and PORT say otherwise", () => {
    expect(startArguments({})).toEqual({ args: ["start", "-H", "127.0.0.1", "-p", "3000"] });
    expect(startArguments({ HOSTNAME: "0.0.0.0", PORT: "8080" }, ["--keepAliveTimeout", "70000"])).toEqual({
      args: ["start", "-H", "0.0.0.0", "-p", "8080", "--keepAliveTimeout", "70000"],
    });
    expect(startArguments({ HOSTNAME: " ", PORT: "" })).toEqual({ args: ["start", "-H", "127.0.0.1", "-p", "3000"] });
  });

  it("refuses a PORT or HOSTNAME that is not one, naming it", () => {
    expect(startArguments({ PORT: "http" }).error).toMatch(/^PORT must be a port number/);
    expect(startArguments({ PORT: "70000" }).error).toMatch(/^PORT/);
    expect(startArguments({ HOSTNAME: "a b" }).error).toMatch(/^HOSTNAME/);
  });
});
