// Generates the Prisma client twice from the one schema: once for SQLite,
// once for PostgreSQL (see lib/db/schema-variants.ts). Runs on postinstall.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { schemaFor } from "../lib/db/schema-variants";

const generatedDir = path.join(process.cwd(), "prisma", ".generated");
mkdirSync(generatedDir, { recursive: true });
const pgSchema = path.join(generatedDir, "schema.postgres.prisma");
writeFileSync(pgSchema, schemaFor("postgres"));

const prismaBin = path.join(process.cwd(), "node_modules", "prisma", "build", "index.js");
for (const schema of ["prisma/schema.prisma", pgSchema]) {
  execFileSync(process.execPath, [prismaBin, "generate", "--no-hints", `--schema=${schema}`], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PORTICO_PRISMA_SCHEMA: schema },
  });
}
console.log("prisma: generated SQLite and PostgreSQL clients");
