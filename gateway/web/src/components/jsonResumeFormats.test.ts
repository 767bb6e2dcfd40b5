import jsonResume from "@jsonresume/schema";
import { describe, expect, it } from "vitest";
import { isEmail, isHttpUrl, isPartialDate } from "./validation";

// The official JSON Resume package and its own validator (jsonschema's formats), a dev dependency.
const { validate } = jsonResume;
const official = (resume: unknown) => {
  let ok = false;
  validate(resume, (_errors, valid) => (ok = valid));
  return ok;
};

describe("our formats are at least as strict as the official JSON Resume validator", () => {
  const emails = [
    "jane@example.com",
    "jane.doe+cv@mail.example.co.uk",
    "jane@localhost",
    "jörg@example.de",
    "a b@c.de",
    "x@[127.0.0.1]",
    "@example.com",
  ];
  const urls = [
    "https://example.com",
    "https://bücher.example/straße?q=ä",
    "https://example.com/a b",
    "http://localhost:8080/x",
    "ftp://x.org",
    "https://x.org/\u00a0",
  ];
  const dates = [
    "2020",
    "2020-02",
    "2024-02-29",
    "1899-05",
    "1000",
    "2999-12-31",
    "0999",
    "3000-01",
    "2023-02-30",
    "2020-13",
  ];

  it.each(emails)("email %s: accepted by us only if the official validator accepts it", (email) => {
    if (isEmail(email)) expect(official({ basics: { email } })).toBe(true);
  });
  it.each(urls)("URL %s: accepted by us only if the official validator accepts it", (url) => {
    if (isHttpUrl(url)) expect(official({ basics: { url } })).toBe(true);
  });
  it.each(dates)("date %s: accepted by us only if the official validator accepts it", (startDate) => {
    if (isPartialDate(startDate)) expect(official({ work: [{ startDate }] })).toBe(true);
  });
  it("agrees with it on the cases the issue names", () => {
    expect([isEmail("jane@localhost"), official({ basics: { email: "jane@localhost" } })]).toEqual([false, false]);
    expect([
      isHttpUrl("https://bücher.example/straße"),
      official({ basics: { url: "https://bücher.example/straße" } }),
    ]).toEqual([true, true]);
    expect([isPartialDate("1899-05"), isPartialDate("2101")]).toEqual([true, true]);
  });
});
