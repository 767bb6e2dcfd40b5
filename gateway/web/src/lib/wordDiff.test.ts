import { describe, expect, it } from "vitest";
import { wordDiff } from "./wordDiff";

describe("word diff", () => {
  it("marks the words a rewrite replaced and keeps the rest", () => {
    expect(wordDiff("Responsible for building the API", "Built the API")).toEqual([
      { kind: "removed", text: "Responsible for building" },
      { kind: "added", text: "Built" },
      { kind: "same", text: " the API" },
    ]);
  });

  it("is all same for equal text and all added from nothing", () => {
    expect(wordDiff("a b", "a b")).toEqual([{ kind: "same", text: "a b" }]);
    expect(wordDiff("", "new words")).toEqual([{ kind: "added", text: "new words" }]);
  });
});
