import { describe, expect, it } from "vitest";
import { leadNodeRoleFor } from "@/lib/client/cluster-labels";
import { BROKER_KINDS } from "@/lib/brokers/kinds";

// The cluster page's Role column badges the node marked isController. It said "controller" for every
// kind, so a Redis master was called a Kafka controller: each kind's descriptor names its lead role.
describe("the cluster page's lead node role", () => {
  it("is the kind's own word: master for Redis, controller for Kafka", () => {
    expect(leadNodeRoleFor("redis-streams")).toBe("master");
    expect(leadNodeRoleFor("kafka")).toBe("controller");
  });

  it("is a word for every kind", () => {
    for (const kind of Object.keys(BROKER_KINDS) as (keyof typeof BROKER_KINDS)[]) expect(leadNodeRoleFor(kind)).toMatch(/^[a-z]+$/);
  });
});
