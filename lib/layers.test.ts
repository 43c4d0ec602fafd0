// The layer list, ARCHITECTURE.md and the lint rule generated from the list
// say the same thing, and that rule really refuses an upward import.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";
import { LAYERS } from "./layers";

const root = process.cwd();

describe("the layer list", () => {
  it("names every folder of lib/ once", () => {
    const folders = readdirSync(path.join(root, "lib"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    const names = LAYERS.map((l) => l.name);
    expect(new Set(names).size).toBe(names.length);
    expect(folders.filter((f) => !names.includes(f))).toEqual([]);
  });

  it("is the list ARCHITECTURE.md shows under Layers, in the same order and words", () => {
    const doc = readFileSync(path.join(root, "ARCHITECTURE.md"), "utf8");
    const section = doc.split(/^## /m).find((s) => s.startsWith("Layers\n"));
    expect(section, "ARCHITECTURE.md has a Layers section").toBeDefined();
    const listed = [...section!.matchAll(/^(\d+)\. `([a-z-]+)` — (.+)$/gm)].map((m) => ({ n: Number(m[1]), name: m[2], what: m[3] }));
    expect(listed).toEqual(LAYERS.map((l, i) => ({ n: i + 1, name: l.name, what: l.what })));
  });
});

// Loading ESLint, its plugins and the TypeScript resolver takes seconds, and
// longer on a busy machine: done once, before the cases, with room to spare.
describe("the lint rule generated from it", { timeout: 120_000 }, () => {
  let eslint: ESLint;
  beforeAll(async () => {
    eslint = new ESLint({ cwd: root });
    await eslint.lintText("export {};\n", { filePath: path.join(root, "lib/db/example.ts") });
  }, 180_000);

  /** The boundary messages ESLint reports for `code` placed at `file`. */
  async function boundaryErrors(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    return result!.messages
      .filter((m) => m.ruleId === "import-x/no-restricted-paths" || m.ruleId === "@typescript-eslint/no-restricted-imports")
      .map((m) => m.message);
  }

  it("refuses an import of a capability listed later, by alias or relative path", async () => {
    expect(await boundaryErrors("lib/db/example.ts", `import { createApp } from "@/lib/apps/create-app";\nexport { createApp };\n`)).toEqual([
      expect.stringContaining("lib/db may import only the capabilities listed before it"),
    ]);
    expect(await boundaryErrors("lib/catalog/example.ts", `export { createApp } from "../apps/create-app";\n`)).toHaveLength(1);
    expect(await boundaryErrors("lib/authz/example.ts", `import type { Db } from "@/lib/db";\nexport type X = Db;\n`)).toEqual([]);
    expect(await boundaryErrors("lib/authz/example.ts", `import type { AuditInput } from "@/lib/audit/record-audit-event";\nexport type X = AuditInput;\n`)).toHaveLength(1);
  });

  it("lets a capability import those listed before it", async () => {
    expect(await boundaryErrors("lib/apps/example.ts", `import { getDb } from "@/lib/db";\nimport { requireRole } from "@/lib/authz/require-role";\nexport { getDb, requireRole };\n`)).toEqual([]);
  });

  it("lets tests import any capability and test support, and keeps test support out of production code", async () => {
    const code = `import { makeUser } from "@/lib/testing/factories";\nimport { createApp } from "@/lib/apps/create-app";\nexport { makeUser, createApp };\n`;
    expect(await boundaryErrors("lib/db/example.test.ts", code)).toEqual([]);
    expect(await boundaryErrors("lib/compliance/example.ts", `export { makeUser } from "@/lib/testing/factories";\n`)).toHaveLength(1);
    expect(await boundaryErrors("gateway/example.ts", `export { makeUser } from "@/lib/testing/factories";\n`)).toHaveLength(1);
  });

  it("keeps the portal out of lib/ and gateway/, and data access out of components/", async () => {
    expect(await boundaryErrors("lib/apps/example.ts", `export { SiteHeader } from "@/components/site-header";\n`)).toHaveLength(1);
    expect(await boundaryErrors("lib/apps/example.test.ts", `export { default } from "@/app/layout";\n`)).toHaveLength(1);
    expect(await boundaryErrors("gateway/example.ts", `export { default } from "@/app/layout";\n`)).toHaveLength(1);
    expect(await boundaryErrors("components/example.tsx", `import { getDb } from "@/lib/db";\nexport const db = getDb;\n`)).toHaveLength(1);
    expect(await boundaryErrors("components/example.tsx", `import type { Role } from "@/lib/authz/actor";\nexport type R = Role;\n`)).toEqual([]);
  });
});
