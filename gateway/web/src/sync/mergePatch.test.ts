import { describe, expect, it } from "vitest";
import { applyMergePatch, composeMergePatches, diffMergePatch, differingPaths, type Json } from "./mergePatch";

describe("merge patch", () => {
  it("applies RFC 7396 examples", () => {
    expect(applyMergePatch({ a: "b" }, { a: "c" })).toEqual({ a: "c" });
    expect(applyMergePatch({ a: "b" }, { a: null })).toEqual({});
    expect(applyMergePatch({ a: [{ b: "c" }] }, { a: [1] })).toEqual({ a: [1] });
    expect(applyMergePatch({ a: { b: "c" } }, { a: { b: "d", c: null } })).toEqual({ a: { b: "d" } });
  });

  it("diff then apply round-trips", () => {
    const from: Json = { title: "A", data: { profile: { name: "Ada", email: "a@x.io" }, work: [{ company: "X" }] } };
    const to: Json = { title: "B", data: { profile: { name: "Ada L" }, work: [{ company: "X" }, { company: "Y" }] } };
    const patch = diffMergePatch(from, to)!;
    expect(patch).toEqual({
      title: "B",
      data: { profile: { name: "Ada L", email: null }, work: [{ company: "X" }, { company: "Y" }] },
    });
    expect(applyMergePatch(from, patch)).toEqual(to);
    expect(diffMergePatch(to, to)).toBeUndefined();
  });

  it("composition equals sequential application", () => {
    const base: Json = { a: { x: 1, y: 2 }, b: 3, c: { z: 1 } };
    const cases: [Json, Json][] = [
      [{ a: { x: 5 } }, { a: { y: null } }],
      [{ b: 4 }, { b: null }],
      [{ a: { x: null } }, { a: { x: 9 } }],
    ];
    for (const [p1, p2] of cases) {
      expect(applyMergePatch(base, composeMergePatches(p1, p2))).toEqual(
        applyMergePatch(applyMergePatch(base, p1), p2),
      );
    }
  });

  it("lists differing paths for the field-by-field merge", () => {
    expect(
      differingPaths(
        { title: "a", data: { profile: { name: "x", email: "e" }, work: [] } },
        { title: "b", data: { profile: { name: "y", email: "e" }, work: [1] } },
      ).sort(),
    ).toEqual(["data.profile.name", "data.work", "title"]);
  });
});
