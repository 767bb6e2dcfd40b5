import { describe, expect, it } from "vitest";
import { placement, targetsOf } from "./importPlacement";

describe("placing an unplaced import line", () => {
  const data = {
    profile: { name: "Jane", summary: "Engineer." },
    work: [{ company: "Acme", position: "Lead", highlights: ["Shipped"] }],
    skills: [{ name: "Go", keywords: [] }],
    customSections: [],
  };

  it("offers the summary, a skill, each position's highlights and an Other section", () => {
    expect(targetsOf(data).map((t) => t.label)).toEqual([
      "Summary",
      "A new skill",
      "A highlight of Lead at Acme",
      "An “Other” section",
    ]);
  });

  it("appends to the summary, the skills, a position's highlights or the Other section as a merge patch", () => {
    expect(placement(data, " Likes Rust ", { kind: "summary" })).toEqual({
      profile: { summary: "Engineer. Likes Rust" },
    });
    expect(placement(data, "Rust", { kind: "skill" })).toEqual({
      skills: [
        { name: "Go", keywords: [] },
        { name: "Rust", keywords: [] },
      ],
    });
    expect(placement(data, "Cut costs", { kind: "highlight", work: 0 })).toEqual({
      work: [{ company: "Acme", position: "Lead", highlights: ["Shipped", "Cut costs"] }],
    });
    const other = placement(data, "Chess club", { kind: "other" });
    expect(other).toEqual({ customSections: [{ title: "Other", items: [{ title: "Chess club", highlights: [] }] }] });
    expect(placement({ ...data, ...other }, "Choir", { kind: "other" })).toEqual({
      customSections: [
        {
          title: "Other",
          items: [
            { title: "Chess club", highlights: [] },
            { title: "Choir", highlights: [] },
          ],
        },
      ],
    });
  });
});
