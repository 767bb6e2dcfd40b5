import { describe, expect, it } from "vitest";
import { normalizeServerPath, validate } from "./validation";

describe("field validation", () => {
  it("checks the server's rules", () => {
    expect(validate({ key: "name", label: "Name", required: true }, " ")).toBe("Name is required.");
    expect(validate({ key: "d", label: "Start", kind: "date" }, "2020-13")).toMatch(/YYYY/);
    expect(validate({ key: "d", label: "Start", kind: "date" }, "2021-02-29")).toMatch(/YYYY/);
    expect(validate({ key: "d", label: "Start", kind: "date" }, "2020-02-29")).toBeUndefined();
    expect(validate({ key: "u", label: "URL", kind: "url" }, "ftp://x")).toMatch(/http/);
    expect(validate({ key: "u", label: "URL", kind: "url" }, "https://example.com/a")).toBeUndefined();
    expect(validate({ key: "e", label: "Email", kind: "email" }, "a b@c")).toMatch(/email/);
    expect(validate({ key: "t", label: "T" }, "x".repeat(201))).toMatch(/200/);
  });
  it("maps server field paths", () => {
    expect(normalizeServerPath("data.work[0].startDate")).toBe("data.work.0.startDate");
  });
});
