import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// eslint.config.mjs: eslint-plugin-i18next's no-literal-string over every .tsx (JSX text and the attributes people
// read: aria-label, title, placeholder, alt, label, data-label).
const root = decodeURIComponent(new URL("../..", import.meta.url).pathname);
const eslint = new ESLint({ cwd: root });

describe("hard-coded UI text", () => {
  it("is nowhere in the app's JSX: every visible string comes from the translations", async () => {
    const results = await eslint.lintFiles(["src/**/*.tsx"]);
    expect(results.length).toBeGreaterThan(30);
    const where = (file: string) => file.slice(root.length);
    const problems = results.flatMap((r) => r.messages.map((m) => `${where(r.filePath)}:${m.line} ${m.message}`));
    expect(problems).toEqual([]); // each: a text to move into src/i18n/en.json and de.json
  }, 120_000);

  it("is caught when someone adds some (text, attribute, conditional, template), and only then", async () => {
    const [result] = await eslint.lintText(
      [
        'import { t } from "./i18n";',
        'import { formatNumber } from "./i18n/format";',
        "export function Sample({ busy, n }: { busy: boolean; n: number }) {",
        "  return (",
        '    <section aria-label="Sample panel">',
        "      <h2>Sample heading</h2>",
        '      <input placeholder="Type here" />',
        '      <button type="button">{busy ? "Saving…" : `Save ${n} items`}</button>',
        '      <p className="brand">ResumePair</p>',
        '      <span className="muted" title={t("a.key")}>{n} ↑ — {formatNumber(n, { style: "percent" })}</span>',
        "    </section>",
        "  );",
        "}",
      ].join("\n"),
      { filePath: "src/Sample.tsx" },
    );
    // The section's label, the heading, the placeholder, and both branches of the button; not the brand, symbols,
    // numbers, translations or format options.
    expect(result.messages.map((m) => `${m.line}:${m.ruleId}`)).toEqual([
      "5:i18next/no-literal-string",
      "6:i18next/no-literal-string",
      "7:i18next/no-literal-string",
      "8:i18next/no-literal-string",
      "8:i18next/no-literal-string",
    ]);
  }, 60_000);
});
