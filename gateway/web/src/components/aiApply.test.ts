import { describe, expect, it } from "vitest";
import { displayKeyword } from "./AiPanel";
import { mergeExtracted, pruneEmpty } from "./aiApply";

describe("applying AI results", () => {
  it("drops nulls and empties that the document schema would refuse", () => {
    expect(
      pruneEmpty({ a: null, b: "", c: [], d: {}, e: [{ x: null }], f: "ok", g: [1, null], h: 0, i: false }),
    ).toEqual({ f: "ok", g: [1], h: 0, i: false });
  });
  it("merges extracted sections, keeping profile fields the text lacks", () => {
    const current = { profile: { name: "Barbara", links: [] }, work: [{ company: "Old" }], skills: [] };
    const extracted = {
      profile: { name: null, email: "b@example.com" },
      work: [{ company: "MIT", endDate: null }],
      education: [],
      skills: [{ name: "CLU" }],
    };
    expect(mergeExtracted(current, extracted)).toEqual({
      profile: { name: "Barbara", links: [], email: "b@example.com" },
      work: [{ company: "MIT" }],
      skills: [{ name: "CLU" }],
    });
  });
});

describe("missing keywords as skills", () => {
  it("spells a lower-cased keyword as people write it", () => {
    expect(displayKeyword("scala")).toBe("Scala");
    expect(displayKeyword("rust")).toBe("Rust");
    expect(displayKeyword("pci-dss")).toBe("PCI-DSS");
    expect(displayKeyword("aws")).toBe("AWS");
    expect(displayKeyword("go")).toBe("Go");
    expect(displayKeyword(".net")).toBe(".NET");
    expect(displayKeyword("event sourcing")).toBe("Event Sourcing");
  });
});
