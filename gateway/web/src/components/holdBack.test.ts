import { describe, expect, it } from "vitest";
import type { DocumentRules } from "../api/rules";
import type { Json } from "../sync/mergePatch";
import { holdBack } from "./holdBack";
import served from "./testdata/document-rules.json";

// The rules GET /api/v1/documents/rules serves (Documents.Tests keeps this file equal to them).
const rules = (served as unknown as DocumentRules).types.resume;
const server = { title: "CV", data: { profile: { name: "Ada" } } as Json };
const doc = (data: unknown, title = "CV") => ({ title, data: data as Json });

describe("holding back what the rules refuse", () => {
  it("leaves a link without its URL out whole and keeps the rest of the document", () => {
    const local = doc({ profile: { name: "Ada", headline: "Engineer", links: [{ label: "GitHub" }, {}] } });
    const { value, held } = holdBack(rules, local, server);
    expect(value.data).toEqual({ profile: { name: "Ada", headline: "Engineer", links: [] } });
    expect(held).toEqual([
      "data.profile.links.0.url",
      "data.profile.links.0",
      "data.profile.links.1.url",
      "data.profile.links.1",
    ]);
  });

  it("sends a complete link, with or without a label", () => {
    const links = [{ url: "https://github.com/ada" }, { label: "Site", url: "https://ada.dev" }];
    const { value, held } = holdBack(rules, doc({ profile: { name: "Ada", links } }), server);
    expect(value.data).toEqual({ profile: { name: "Ada", links } });
    expect(held).toEqual([]);
  });

  it("drops a half-typed optional value but keeps its entry", () => {
    const work = [{ company: "Initech", startDate: "2020-0", endDate: "2019", highlights: ["ok", "x".repeat(1001)] }];
    const { value, held } = holdBack(rules, doc({ profile: { name: "Ada" }, work }), server);
    expect(value.data).toEqual({
      profile: { name: "Ada" },
      work: [{ company: "Initech", endDate: "2019", highlights: ["ok"] }],
    });
    expect(held).toEqual(["data.work.0.startDate", "data.work.0.highlights.1"]);
  });

  it("holds an end date before its start date", () => {
    const work = [{ company: "Initech", startDate: "2020-05", endDate: "2020-04" }];
    const { held } = holdBack(rules, doc({ profile: { name: "Ada" }, work }), server);
    expect(held).toEqual(["data.work.0.endDate"]);
  });

  it("keeps the server's value of a required top-level field that is blank", () => {
    const { value, held } = holdBack(rules, doc({ profile: { name: "" } }, " "), server);
    expect(value).toEqual(server);
    expect(held).toEqual(["title", "data.profile.name"]);
  });

  it("holds nothing without rules", () => {
    const local = doc({ profile: { links: [{}] } }, "");
    expect(holdBack(undefined, local, server)).toEqual({ value: local, held: [] });
  });
});
