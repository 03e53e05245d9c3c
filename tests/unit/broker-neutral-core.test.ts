import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { BROKER_KINDS, capabilitiesOf, CLUSTER_KINDS, kindInfo } from "@/lib/brokers/kinds";

// "A broker is one folder" (issue 13): outside lib/brokers/ no file compares anything with a cluster
// kind's name; code asks the kind's capabilities or descriptor (lib/brokers/kinds.ts) instead. The
// names of kinds still to come are listed too, so their work is held to the same rule.
const ROOT = join(__dirname, "..", "..");
const KIND_NAMES = [...new Set([...CLUSTER_KINDS, "kafka", "nats", "rabbitmq", "redis-streams"])];
const SCANNED = ["lib", "app", "components", "proxy.ts", "instrumentation.ts"];
const ALLOWED = (path: string) => path.startsWith("lib/brokers/");

function sourceFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  if (statSync(full).isFile()) return /\.(ts|tsx)$/.test(path) ? [path] : [];
  return readdirSync(full).flatMap((name) => sourceFiles(join(path, name)));
}

const names = KIND_NAMES.map((name) => name.replace(/[-]/g, "\\-")).join("|");
const literal = `["'\`](?:${names})["'\`]`;
const COMPARISON = new RegExp(`[!=]==?\\s*${literal}|${literal}\\s*[!=]==?|case\\s+${literal}\\s*:`);

/** `file:line: text` of every comparison with a kind's name in the given source text. */
export function kindComparisons(path: string, text: string): string[] {
  return text.split("\n").flatMap((line, index) => (COMPARISON.test(line) ? [`${path}:${index + 1}: ${line.trim()}`] : []));
}

describe("the broker-neutral core", () => {
  it("recognises a comparison with a kind's name, and nothing else", () => {
    expect(kindComparisons("x.ts", 'if (config.kind === "kafka") go();')).toHaveLength(1);
    expect(kindComparisons("x.ts", "return kind !== 'nats' ? a : b;")).toHaveLength(1);
    expect(kindComparisons("x.ts", '  case "rabbitmq":')).toHaveLength(1);
    expect(kindComparisons("x.ts", '"redis-streams" == kind')).toHaveLength(1);
    expect(kindComparisons("x.ts", 'if (store.kind === "redis") go();')).toHaveLength(0);
    expect(kindComparisons("x.ts", 'const label = kindInfo("kafka").label;')).toHaveLength(0);
  });

  it("has no file outside lib/brokers/ (server or browser) that compares with a cluster kind's name", () => {
    const found = SCANNED.flatMap(sourceFiles)
      .map((path) => relative(ROOT, join(ROOT, path)))
      .filter((path) => !ALLOWED(path))
      .flatMap((path) => kindComparisons(path, readFileSync(join(ROOT, path), "utf8")));
    expect(found).toEqual([]);
  });

  it("describes every kind in the registry completely", () => {
    for (const kind of CLUSTER_KINDS) {
      const info = kindInfo(kind);
      expect(info.kind).toBe(kind);
      expect(info.label).not.toBe("");
      expect(info.endpointsField).not.toBe("");
      expect(Object.keys(info.capabilities).sort()).toEqual(Object.keys(BROKER_KINDS.kafka.capabilities).sort());
      expect(capabilitiesOf(kind)).toBe(info.capabilities);
    }
  });
});
