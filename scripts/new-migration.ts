// Writes the next migration for both databases from the change to
// prisma/schema.prisma since the last migration:
//   npm run db:migration -- add_widgets
// Prisma's `migrate dev` cannot run on these machines; `migrate diff` between
// two schema files can, and needs no database.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MIGRATIONS_DIR, listMigrations } from "../lib/db/migrate";
import { SCHEMA_PATH, schemaFor, type Dialect } from "../lib/db/schema-variants";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <snake_case_name>");
  process.exit(2);
}

const snapshotPath = path.join(MIGRATIONS_DIR, "schema.snapshot.prisma");
const current = readFileSync(SCHEMA_PATH, "utf8");
const previous = existsSync(snapshotPath) ? readFileSync(snapshotPath, "utf8") : undefined;
const tmp = path.join(process.cwd(), "prisma", ".generated");
mkdirSync(tmp, { recursive: true });
const prismaBin = path.join(process.cwd(), "node_modules", "prisma", "build", "index.js");

function diff(dialect: Dialect): string {
  const to = path.join(tmp, `to.${dialect}.prisma`);
  writeFileSync(to, schemaFor(dialect, current));
  const from = previous === undefined ? ["--from-empty"] : (() => {
    const file = path.join(tmp, `from.${dialect}.prisma`);
    writeFileSync(file, schemaFor(dialect, previous));
    return ["--from-schema-datamodel", file];
  })();
  return execFileSync(process.execPath, [prismaBin, "migrate", "diff", ...from, "--to-schema-datamodel", to, "--script"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

const sqlite = diff("sqlite");
const postgres = diff("postgres");
if (/^\s*-- This is an empty migration\.\s*$/.test(sqlite)) {
  console.log("schema unchanged since the last migration: nothing written");
  process.exit(0);
}
const next = String(listMigrations("sqlite").length + 1).padStart(4, "0");
const dir = path.join(MIGRATIONS_DIR, `${next}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "sqlite.sql"), sqlite);
writeFileSync(path.join(dir, "postgres.sql"), postgres);
writeFileSync(snapshotPath, current);
console.log(`wrote ${path.relative(process.cwd(), dir)}/{sqlite,postgres}.sql`);
