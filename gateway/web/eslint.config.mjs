// One rule: no user-visible text hard-coded in JSX (src/i18n/noLiteralStrings.test.ts runs it with the unit tests).
// @babel/eslint-parser reads the TSX: typescript-eslint's parser does not support TypeScript 7 yet.
import babelParser from "@babel/eslint-parser";
import i18next from "eslint-plugin-i18next";
import reactHooks from "eslint-plugin-react-hooks";

export default [
  {
    files: ["src/**/*.tsx"],
    languageOptions: {
      parser: babelParser,
      parserOptions: {
        requireConfigFile: false,
        babelOptions: { babelrc: false, configFile: false, parserOpts: { plugins: ["jsx", "typescript"] } },
      },
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
