// Two rules: lines within 120 columns, and no user-visible text hard-coded in JSX (src/i18n/noLiteralStrings.test.ts
// runs the config over the .tsx files with the unit tests). @babel/eslint-parser reads the TS and TSX:
// typescript-eslint's parser does not support TypeScript 7 yet.
import babelParser from "@babel/eslint-parser";
import stylistic from "@stylistic/eslint-plugin";
import i18next from "eslint-plugin-i18next";
import reactHooks from "eslint-plugin-react-hooks";

const babelOptions = (plugins) => ({
  requireConfigFile: false,
  babelOptions: { babelrc: false, configFile: false, parserOpts: { plugins } },
});

export default [
  // Lines within 120 columns (issue #20) in every source file; scripts/wrap_web_lines.py wraps them the Prettier way.
  // URLs and regular expression literals may run past: split, they would be harder to read or check.
  {
    files: ["src/**/*.ts", "src/**/*.tsx"],
    plugins: { "@stylistic": stylistic },
    rules: { "@stylistic/max-len": ["error", { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }] },
  },
  {
    files: ["src/**/*.ts"],
    languageOptions: { parser: babelParser, parserOptions: babelOptions(["typescript"]) },
  },
  {
    files: ["src/**/*.tsx"],
    languageOptions: {
      parser: babelParser,
      parserOptions: babelOptions(["jsx", "typescript"]),
    },
    // react-hooks is registered (not enabled) so the sources' existing `eslint-disable-line react-hooks/…` comments
    // name a known rule.
    plugins: { i18next, "react-hooks": reactHooks },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: {
      "i18next/no-literal-string": [
        "error",
        {
          mode: "jsx-only",
          "should-validate-template": true,
          // The attributes people read or hear; class names, ids, types and test ids are not text.
          "jsx-attributes": {
            include: [
              "aria-label", "aria-description", "aria-valuetext", "title", "placeholder", "alt", "label", "data-label",
            ],
          },
          // No letters (symbols, numbers, separators), all-capital codes ("PDF") or the product's name: nothing to
          // translate. (An option replaces the plugin's default list, so its entries are repeated here.)
          words: { exclude: ["^[^A-Za-zÀ-ÖØ-öø-ÿ]*$", "[A-Z_-]+", "ResumePair", /^\p{Emoji}+$/u] },
          // Calls whose arguments are keys, formats or values rather than text: i18next's t (also imported as
          // `translate` where a component's own t would shadow it) and the Intl formatters of src/i18n/format.ts.
          callees: {
            exclude: [
              "i18n(ext)?", "t", "translate", "format(Date|Time|DateTime|Number)", "require", "addEventListener",
              "removeEventListener", "postMessage", "getElementById", "dispatch", "commit", "includes", "indexOf",
              "endsWith", "startsWith",
            ],
          },
        },
      ],
    },
  },
];
