import { describe, expect, it } from "vitest";
import { withToggled } from "@/lib/client/toggle-set";

describe("withToggled", () => {
  it("adds a missing key and removes a present one, leaving the original set as it was", () => {
    const start = new Set(["a"]);
    const added = withToggled(start, "b");
    expect([...added].sort()).toEqual(["a", "b"]);
    expect(withToggled(added, "a")).toEqual(new Set(["b"]));
    expect(start).toEqual(new Set(["a"]));
  });
});
