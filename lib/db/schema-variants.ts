// One schema source (prisma/schema.prisma, written for SQLite); the
// PostgreSQL variant is derived from it by swapping the datasource provider
// and the client output folder (the variant is written to prisma/.generated/). Used by generate and by migration authoring.
import { readFileSync } from "node:fs";
import path from "node:path";

export type Dialect = "sqlite" | "postgres";

export const SCHEMA_PATH = path.join(process.cwd(), "prisma", "schema.prisma");

export function schemaFor(dialect: Dialect, source = readFileSync(SCHEMA_PATH, "utf8")): string {
  if (dialect === "sqlite") return source;
  const swapped = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://placeholder@localhost/placeholder"')
    .replace("../node_modules/.prisma/portico-sqlite", "../../node_modules/.prisma/portico-postgres")
    // Json columns are `json`, not `jsonb`: json keeps the text as written
    // (key order, spacing), which the audit hash and the order of a spec's
    // paths rely on; jsonb would reorder keys. SQLite has no native types.
    .replace(/^(\s+\w+\s+Json\??)(?=\s)/gm, "$1 @db.Json");
  if (swapped === source) throw new Error("schema.prisma: datasource block not in the expected form");
  return swapped;
}
