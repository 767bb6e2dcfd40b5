import { describe, expect, it } from "vitest";
import { contrastOnWhite, describeContrast } from "./contrast";

describe("contrastOnWhite", () => {
  it("matches WCAG's figures for black, white and mid grey", () => {
    expect(contrastOnWhite("#000000")).toBeCloseTo(21, 1);
    expect(contrastOnWhite("#ffffff")).toBeCloseTo(1, 5);
    expect(contrastOnWhite("#767676")).toBeCloseTo(4.54, 1);
  });
  it("flags a light accent and accepts a dark one", () => {
    expect(describeContrast("#ffd700").ok).toBe(false);
    expect(describeContrast("#1f5f7a").ok).toBe(true);
  });
});
