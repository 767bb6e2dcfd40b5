import { describe, expect, it } from "vitest";
import type { DocumentRules, FieldRules } from "../api/rules";
import { coverLetterFields, linkSection, profileFields, resumeSections, type ListSection } from "./sections";
import served from "./testdata/document-rules.json";
import { normalizeServerPath, rulePath, ruleFor, validate, validateList, type FieldSpec } from "./validation";

// What GET /api/v1/documents/rules answers (Documents.Tests keeps this file equal to it).
const rules = served as unknown as DocumentRules;
const resume = rules.types.resume;
const letter = rules.types.cover_letter;

const check = (rules: FieldRules, path: string, value: unknown, siblings?: Record<string, unknown>, label = "Field") =>
  validate({ key: path, label }, ruleFor(rules, path), value, siblings);

describe("field validation with the served rules", () => {
  it("maps editor paths onto rule paths", () => {
    expect(rulePath("data.work.0.startDate")).toBe("data.work[].startDate");
    expect(rulePath("data.customSections.12.items.3.highlights")).toBe("data.customSections[].items[].highlights");
    expect(rulePath("title")).toBe("title");
    expect(normalizeServerPath("data.work[0].startDate")).toBe("data.work.0.startDate");
  });

  it("checks required fields, lengths and formats as the server does", () => {
    expect(check(resume, "title", " ", undefined, "Document title")).toBe("Document title is required.");
    expect(check(resume, "data.profile.name", "", undefined, "Full name")).toBe("Full name is required.");
    expect(check(letter, "data.sender.name", "")).toBeUndefined(); // a letter's sender may stay unnamed
    expect(check(resume, "data.profile.phone", "1".repeat(51))).toBe("Must be at most 50 characters.");
    expect(check(resume, "data.profile.phone", "1".repeat(50))).toBeUndefined();
    expect(check(resume, "data.profile.headline", "x".repeat(201))).toMatch(/200/);
    expect(check(resume, "data.profile.summary", "x".repeat(5000))).toBeUndefined();
    expect(check(letter, "data.recipient.address", "x".repeat(1001))).toMatch(/1000/);
    expect(check(resume, "data.work.0.startDate", "2020-13")).toMatch(/YYYY/);
    expect(check(resume, "data.work.3.startDate", "2021-02-29")).toMatch(/YYYY/);
    expect(check(resume, "data.work.0.startDate", "2020-02-29")).toBeUndefined();
    expect(check(resume, "data.projects.0.url", "ftp://x")).toMatch(/http/);
    expect(check(resume, "data.projects.0.url", "https://example.com/a")).toBeUndefined();
    expect(check(resume, "data.profile.email", "a b@c")).toMatch(/email/);
    // As strict as the official JSON Resume validator (the server's FieldFormats), so every export of ours passes it.
    expect(check(resume, "data.profile.email", "jane@localhost")).toMatch(/name@example.com/);
    expect(check(resume, "data.profile.email", "jane.doe+cv@mail.example.co.uk")).toBeUndefined();
    expect(check(resume, "data.profile.website", "https://bücher.example/straße")).toBeUndefined();
    expect(check(resume, "data.profile.website", "https://example.com/a b")).toMatch(/spaces/);
    expect(check(resume, "data.work.0.startDate", "0999")).toMatch(/1000 to 2999/);
    expect(check(resume, "data.work.0.startDate", "1899-05")).toBeUndefined();
    expect(check(resume, "data.profile.links.0.url", "", undefined, "URL")).toBe("URL is required.");
    expect(check(resume, "data.skills.0.level", "guru")).toMatch(/one of: beginner/);
  });

  it("compares an end date with its start date at the shorter precision", () => {
    expect(check(resume, "data.work.0.endDate", "2019-12", { startDate: "2020" })).toBe(
      "Must not be before the start date.",
    );
    expect(check(resume, "data.work.0.endDate", "2020-06", { startDate: "2020" })).toBeUndefined();
    expect(check(resume, "data.education.1.endDate", "2019", { startDate: "2020-05" })).toMatch(/start date/);
  });

  it("checks list fields entry by entry", () => {
    const highlights = "data.work.0.highlights";
    const item = ruleFor(resume, `${highlights}.0`);
    expect(item?.maxLength).toBe(1000);
    expect(validateList(ruleFor(resume, highlights), item, ["ok", "x".repeat(1001)])).toBe(
      "Entry 2: must be at most 1000 characters.",
    );
    expect(validateList(ruleFor(resume, highlights), item, Array(101).fill("x"))).toBe("At most 100 entries.");
    expect(validateList(ruleFor(letter, "data.paragraphs"), ruleFor(letter, "data.paragraphs.0"), [" "])).toBe(
      "Entry 1: must not be blank.",
    );
  });

  it("checks nothing before the rules are loaded, and leaves formats it does not know to the server", () => {
    expect(validate({ key: "name", label: "Name" }, undefined, "")).toBeUndefined();
    expect(validate({ key: "x", label: "X" }, { format: "iban" }, "anything")).toBeUndefined();
  });

  it("has a served rule for every field the editor shows", () => {
    const paths: string[] = [
      "title",
      ...profileFields.map((f) => `data.profile.${f.key}`),
      ...fieldsOf(linkSection, "data.profile.links[]"),
      ...resumeSections.flatMap((s) => fieldsOf(s, `data.${s.key}[]`)),
    ];
    expect(paths.filter((p) => !resume[p])).toEqual([]);
    const letterPaths = coverLetterFields.flatMap((g) => g.fields.map((f) => `${g.base}.${f.key}`));
    expect(letterPaths.filter((p) => !letter[p])).toEqual([]);
  });
});

/** The rule paths of a list section's fields (checkboxes are booleans: the schema has no rule for them). */
function fieldsOf(section: ListSection, base: string): string[] {
  const own = section.fields.filter((f: FieldSpec) => f.kind !== "checkbox").map((f) => `${base}.${f.key}`);
  return section.nested ? [...own, ...fieldsOf(section.nested, `${base}.${section.nested.key}[]`)] : own;
}
