import { describe, expect, it } from "vitest";
import i18n, { pickLanguage } from ".";
import de from "./de.json";
import en from "./en.json";
import { formatDate, formatNumber } from "./format";

type Tree = { [key: string]: string | Tree };

/** "a.b.c" → value, for every leaf of a resource tree. */
function leaves(tree: Tree, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === "object") for (const [k, v] of leaves(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

/** What a translation must keep: {{name}} placeholders (format aside), $t(...) nestings and <tag> markup. */
function placeholders(text: string): string[] {
  const names = [...text.matchAll(/\{\{\s*([^,}\s]+)[^}]*\}\}/g)].map((m) => `{{${m[1]}}}`);
  const nested = [...text.matchAll(/\$t\(([^)]*)\)/g)].map((m) => `$t(${m[1]})`);
  const tags = [...text.matchAll(/<\/?([a-z0-9]+)\s*\/?>/gi)].map((m) => `<${m[1]}>`);
  return [...names, ...nested, ...tags].sort();
}

const english = leaves(en as Tree);
const german = leaves(de as Tree);

describe("the UI's languages", () => {
  it("English and German have exactly the same keys", () => {
    const missing = [...english.keys()].filter((k) => !german.has(k));
    const extra = [...german.keys()].filter((k) => !english.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(english.size).toBeGreaterThan(500); // every screen's text, not a stub
  });

  it("has no empty or non-text value in either language", () => {
    for (const [name, tree] of [["en", english], ["de", german]] as const) {
      const empty = [...tree].filter(([, v]) => typeof v !== "string" || v.trim() === "").map(([k]) => `${name}:${k}`);
      expect(empty).toEqual([]);
    }
  });

  it("keeps every placeholder, nesting and markup of the English text in the German one", () => {
    const differing = [...english].flatMap(([k, v]) => {
      const [mine, theirs] = [placeholders(String(v)).join(" "), placeholders(String(german.get(k) ?? "")).join(" ")];
      return mine === theirs ? [] : [`${k}: ${mine} ≠ ${theirs}`];
    });
    expect(differing).toEqual([]);
  });

  it("has the plural forms both languages need (one and other) for every plural key", () => {
    const plural = /_(zero|one|two|few|many|other)$/;
    const bases = new Set([...english.keys()].filter((k) => plural.test(k)).map((k) => k.replace(plural, "")));
    expect(bases.size).toBeGreaterThan(10);
    const complete = (b: string) => english.has(`${b}_one`) && english.has(`${b}_other`) && !english.has(b);
    const incomplete = [...bases].filter((b) => !complete(b));
    expect(incomplete).toEqual([]);
    for (const lng of ["en", "de"])
      expect(new Intl.PluralRules(lng).resolvedOptions().pluralCategories.sort()).toEqual(["one", "other"]);
  });

  it("picks the browser's first supported language, else English", () => {
    expect(pickLanguage(["de-AT", "en-US"])).toBe("de");
    expect(pickLanguage(["fr-FR", "de"])).toBe("de");
    expect(pickLanguage(["fr-FR", "es"])).toBe("en");
    expect(pickLanguage([])).toBe("en");
  });

  it("switches language at run time, with plurals, interpolation, dates and numbers of that language", async () => {
    try {
      await i18n.changeLanguage("de");
      expect(i18n.t("auth.signIn")).toBe("Anmelden");
      expect(i18n.t("trash.purgeIn", { count: 1 })).toBe("endgültige Löschung in 1 Tag");
      expect(i18n.t("trash.purgeIn", { count: 30 })).toBe("endgültige Löschung in 30 Tagen");
      expect(i18n.t("editor.add", { item: i18n.t("editor.section.work.item") })).toBe("Position hinzufügen");
      expect(formatDate(new Date(2026, 11, 7))).toBe("7.12.2026");
      expect(formatNumber(1234.5)).toBe("1.234,5");
      await i18n.changeLanguage("en");
      expect(i18n.t("auth.signIn")).toBe("Sign in");
      expect(i18n.t("editor.none", { title: "Work experience" })).toBe("No work experience yet.");
      expect(formatDate(new Date(2026, 11, 7))).toBe("12/7/2026");
      expect(formatNumber(1234.5)).toBe("1,234.5");
    } finally {
      await i18n.changeLanguage("en");
    }
  });
});
