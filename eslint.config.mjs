import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [".next/**", "dist/**", "node_modules/**", "data/**", "db/migrations/**", "db/migrations-pg/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "tools/**/oracle"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["next", "next/*", "@/db/*", "@/lib/server/*", "@/app/*"], message: "lib/engine is pure: no Next.js, database or server imports" }] },
      ],
    },
  },
  {
    // The restriction above is for the engine only.
    files: ["app/**", "components/**", "lib/server/**", "lib/cli/**", "db/**", "tests/**", "e2e/**", "scripts/**", "bench/**", "*.ts", "*.mts"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: { process: "readonly", console: "readonly", module: "writable", require: "readonly", __dirname: "readonly" } },
  },
);
