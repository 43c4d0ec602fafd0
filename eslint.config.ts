// `npm run lint`. Besides typescript-eslint and the Next.js and React hooks
// rules, this encodes the architecture (ARCHITECTURE.md, "Layers"): the
// import boundaries below are generated from lib/layers.ts, so the drawing
// and the rule cannot drift apart.
import path from "node:path";
import js from "@eslint/js";
import eslintComments from "@eslint-community/eslint-plugin-eslint-comments/configs";
import nextPlugin from "@next/eslint-plugin-next";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";
import { LAYERS } from "./lib/layers";

const root = import.meta.dirname;
const at = (p: string) => path.join(root, p);

/** Tests and test support may import any capability (fixtures build whole scenarios); nothing else may import test support. */
const TEST_FILES = ["**/*.test.ts", "**/*.test.tsx", "lib/testing/**", "e2e/**", "bench/**"];

/**
 * One zone per capability: its files may not import any capability listed
 * after it. The last layer (testing) has nothing above it.
 */
export function layerZones() {
  return LAYERS.flatMap((layer, index) => {
    const above = LAYERS.slice(index + 1).map((l) => at(`lib/${l.name}`));
    if (above.length === 0) return [];
    return [{
      target: at(`lib/${layer.name}`),
      from: above,
      message: `lib/${layer.name} may import only the capabilities listed before it in lib/layers.ts (ARCHITECTURE.md, "Layers"); move the shared piece down instead.`,
    }];
  });
}

/** Parts that sit above lib/ and must not be imported from below. */
const edgeZones = [
  { target: at("lib"), from: [at("app"), at("components")], message: "lib/ never imports the portal (app/, components/)." },
  { target: at("gateway"), from: [at("app"), at("components")], message: "gateway/ never imports the portal (app/, components/)." },
];

export default defineConfig(
  {
    // Generated and built files; the two JavaScript files are tool configs
    // (next.config.js, postcss.config.mjs) outside the TypeScript program.
    ignores: ["node_modules/", ".next/", ".next-*/", "data/", "test-results/", "playwright-report/", "e2e/.artifacts/", "prisma/.generated/", "next-env.d.ts", "**/*.js", "**/*.mjs"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  eslintComments.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error", reportUnusedInlineConfigs: "error" },
    rules: {
      // A disable comment says why (`-- reason`), and names its rules.
      "@eslint-community/eslint-comments/require-description": ["error", { ignore: [] }],
      "@eslint-community/eslint-comments/no-unlimited-disable": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: at("tsconfig.json") })],
    },
    rules: {
      "import-x/no-restricted-paths": ["error", { zones: edgeZones }],
    },
  },
  {
    // The layers themselves, for production code of lib/.
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    ignores: TEST_FILES,
    rules: {
      "import-x/no-restricted-paths": ["error", {
        zones: [
          ...edgeZones,
          ...layerZones(),
          { target: at("lib"), from: [at("gateway"), at("scripts"), at("bench"), at("e2e")], message: "lib/ sits below gateway/ and scripts/." },
        ],
      }],
    },
  },
  {
    // Production code anywhere never imports test support.
    files: ["app/**", "components/**", "gateway/**", "scripts/**"],
    ignores: TEST_FILES,
    rules: {
      "import-x/no-restricted-paths": ["error", {
        zones: [
          ...edgeZones,
          { target: [at("app"), at("components"), at("gateway"), at("scripts")], from: [at("lib/testing")], message: "Only tests import lib/testing." },
        ],
      }],
    },
  },
  {
    // components/ does no data access: data arrives as props, so from lib/
    // and Prisma it imports types only. Its tests, like every test, may
    // import any capability (a form's mapping is tested against the
    // server's own problem+json).
    files: ["components/**"],
    ignores: TEST_FILES,
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        paths: [{ name: "@prisma/client", allowTypeImports: true, message: "components/ does no data access." }],
        patterns: [{ regex: "^(@/|(\\.\\./)+)lib/", allowTypeImports: true, message: "components/ does no data access: import types from lib/ only, and take data as props." }],
      }],
    },
  },
  {
    files: ["app/**", "components/**"],
    plugins: { "@next/next": nextPlugin },
    rules: { ...nextPlugin.configs.recommended.rules, ...nextPlugin.configs["core-web-vitals"].rules },
    settings: { next: { rootDir: root } },
  },
  {
    // The React Compiler's checks, for the client components, which live in
    // components/. app/ holds server components only: they render once per
    // request and use no hooks (reading the clock there is fine), and the
    // compiler's analysis was most of the lint's time.
    files: ["components/**/*.tsx"],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ["app/**/*.tsx"],
    plugins: reactHooks.configs.flat.recommended.plugins,
    rules: { "react-hooks/rules-of-hooks": "error" },
  },
  {
    // Tests poke into parsed JSON documents (specs, problem bodies) whose
    // shape is the thing under test.
    files: ["**/*.test.ts", "e2e/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
