import { describe, expect, it } from "vitest";
import { densitySteps } from "./fitToPages";

describe("densitySteps", () => {
  it("starts with narrow margins and gets denser, never below the allowed minimums", () => {
    const steps = densitySteps({ fontSize: 9, lineHeight: 1.2 }, 12);
    expect(steps[0]).toEqual({ margins: "narrow", fontSize: 9, lineHeight: 1.2 });
    expect(steps[1].fontSize).toBeLessThan(9);
    expect(Math.min(...steps.map((s) => s.fontSize!))).toBe(8);
    expect(Math.min(...steps.map((s) => s.lineHeight!))).toBe(1);
  });
});
