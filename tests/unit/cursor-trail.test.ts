// The trail a server-paged list keeps so Prev and the page number survive a reload
// (lib/client/cursor-trail.ts).
import { describe, expect, it } from "vitest";
import { MAX_TRAIL_CHARS, MAX_TRAIL_PAGES, pageNumberOf, parseTrail, previousOf, withStep } from "@/lib/client/cursor-trail";

describe("cursor trail", () => {
  it("walks back from the third page to the first, as Prev does after a reload", () => {
    const trail = parseTrail(JSON.stringify(withStep(withStep({}, "", "c2"), "c2", "c3")));
    expect(pageNumberOf(trail, "c3")).toBe(3);
    expect(previousOf(trail, "c3")).toBe("c2");
    expect(previousOf(trail, "c2")).toBe("");
    expect(pageNumberOf(trail, "")).toBe(1);
  });

  it("does not know the place of a page opened by a link", () => {
    const trail = withStep({}, "", "c2");
    expect(previousOf(trail, "elsewhere")).toBeNull();
    expect(pageNumberOf(trail, "elsewhere")).toBeNull();
    expect(previousOf(trail, "")).toBeNull();
    // A property of every object is not a step of the trail.
    expect(previousOf(trail, "constructor")).toBeNull();
  });

  it("survives a loop written by hand in storage without hanging", () => {
    expect(pageNumberOf(parseTrail('{"a":"b","b":"a"}'), "a")).toBeNull();
  });

  it("forgets the oldest steps past its bounds", () => {
    let trail = {};
    for (let i = 1; i <= MAX_TRAIL_PAGES + 5; i++) trail = withStep(trail, i === 1 ? "" : `c${i - 1}`, `c${i}`);
    expect(Object.keys(trail)).toHaveLength(MAX_TRAIL_PAGES);
    expect(previousOf(trail, "c1")).toBeNull();
    expect(previousOf(trail, `c${MAX_TRAIL_PAGES + 5}`)).toBe(`c${MAX_TRAIL_PAGES + 4}`);
    const big = "x".repeat(MAX_TRAIL_CHARS / 2);
    const capped = withStep(withStep(withStep({}, "", `${big}1`), `${big}1`, `${big}2`), `${big}2`, `${big}3`);
    expect(previousOf(capped, `${big}3`)).toBe(`${big}2`);
    expect(previousOf(capped, `${big}1`)).toBeNull();
  });

  it("reads anything else from storage as an empty trail", () => {
    for (const text of [null, "", "not json", "[1]", "null", '"x"']) expect(parseTrail(text)).toEqual({});
    expect(parseTrail('{"a":"","b":3}')).toEqual({ a: "" });
  });
});
