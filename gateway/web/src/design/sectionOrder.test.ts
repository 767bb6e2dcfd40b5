import { describe, expect, it } from "vitest";
import { effectiveOrder, move } from "./sectionOrder";

describe("section order", () => {
  it("puts the document's order first and fills in the template's remaining sections", () => {
    const order = effectiveOrder(["skills", "bogus", "work"], ["summary", "work", "education"]);
    expect(order.slice(0, 4)).toEqual(["skills", "work", "summary", "education"]);
    expect(order).toHaveLength(13); // every section of DesignOptions.Sections
  });
  it("moves an entry and leaves the array it was given alone", () => {
    const order = ["a", "b", "c"];
    expect(move(order, 2, 0)).toEqual(["c", "a", "b"]);
    expect(move(order, 0, -1)).toEqual(["a", "b", "c"]);
    expect(order).toEqual(["a", "b", "c"]);
  });
});
