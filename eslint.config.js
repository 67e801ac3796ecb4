// Lint rules: the recommended sets, plus the conventions we keep (see ../shared/STYLE.md).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/coverage/**", "data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Core packages never reach into another package's sources; they import its public entry.
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@switchyard/*/src/*", "@switchyard/*/dist/*"],
              message: "Import the package's public entry instead.",
            },
          ],
        },
      ],
    },
  },
  // The studio runs in the browser.
  { files: ["apps/web/src/**"], languageOptions: { globals: { ...globals.browser } } },
);
