import { describe, expect, it } from "vitest";
import { downloadName, fileName, personOf } from "./downloadName";

describe("download names", () => {
  it("names a PDF after the person and the kind of document, keeping every script", () => {
    expect(downloadName("Zoë Łukasiewicz-Núñez", "resume")).toBe("Zoë Łukasiewicz-Núñez – Resume.pdf");
    expect(downloadName("山田 太郎", "cover_letter")).toBe("山田 太郎 – Cover letter.pdf");
    expect(downloadName("", "resume")).toBe("Resume.pdf");
    expect(downloadName(undefined, "cover_letter")).toBe("Cover letter.pdf");
  });

  it("drops only what file systems refuse", () => {
    expect(downloadName('A/B: "C" <d>|e?*', "resume")).toBe("A B C d e – Resume.pdf");
    expect(fileName("CV / 2026: final")).toBe("CV 2026 final.pdf");
    expect(fileName("..", "json")).toBe("resume.json");
  });

  it("finds the person in a resume or a letter", () => {
    expect(personOf({ profile: { name: "Ada" } })).toBe("Ada");
    expect(personOf({ sender: { name: "Grace" } })).toBe("Grace");
    expect(personOf(null)).toBeUndefined();
  });
});
