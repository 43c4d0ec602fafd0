// Applies prisma/migrations/<NNNN_name>/{sqlite,postgres}.sql in order, each
// in its own transaction, recording what ran in _portico_migrations. Used on
// every start (the embedded database is created on first start) and by tests.
// Prisma's own `migrate deploy` cannot run here on PostgreSQL (see README), so
// both dialects go through this one path.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { databaseConfig, type DatabaseConfig } from "@/lib/config";

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export type Migration = { name: string; sql: string; checksum: string };

export function listMigrations(dialect: DatabaseConfig["dialect"]): Migration[] {
  if (!existsSync(MIGRATIONS_DIR)) return [];
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d{4}_/.test(d.name))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, name, `${dialect}.sql`), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const LEDGER = `CREATE TABLE IF NOT EXISTS _portico_migrations (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`;

function assertUnchanged(applied: Map<string, string>, migrations: Migration[]) {
  for (const m of migrations) {
    const checksum = applied.get(m.name);
    if (checksum && checksum !== m.checksum) {
      throw new Error(`migration ${m.name} was changed after it was applied; add a new migration instead`);
    }
  }
}

/**
 * Returns the names of the migrations it applied. `through` stops after the
 * named migration (tests of a migration start from the one before it).
 */
export async function migrate(cfg: DatabaseConfig = databaseConfig(), options: { through?: string } = {}): Promise<string[]> {
  const all = listMigrations(cfg.dialect);
  const stop = options.through === undefined ? all.length : all.findIndex((m) => m.name === options.through) + 1;
  if (stop === 0) throw new Error(`no migration named ${options.through}`);
  const migrations = all.slice(0, stop);
  const ran: string[] = [];
  if (cfg.dialect === "sqlite") {
    mkdirSync(path.dirname(cfg.file), { recursive: true });
    const { default: Database } = await import("better-sqlite3");
    const sqlite = new Database(cfg.file);
    try {
      sqlite.pragma("journal_mode = WAL");
      sqlite.exec(LEDGER);
      const rows = sqlite.prepare("SELECT name, checksum FROM _portico_migrations").all() as { name: string; checksum: string }[];
      const applied = new Map(rows.map((r) => [r.name, r.checksum]));
      assertUnchanged(applied, migrations);
      for (const m of migrations.filter((m) => !applied.has(m.name))) {
        // SQLite changes a column by rebuilding its table (create new, copy
        // rows, drop old, rename). With foreign keys on, dropping the old
        // table would delete — and cascade to — every row that references
        // it, and the pragma cannot be changed inside a transaction, so it
        // is turned off around the migration and the references are checked
        // before commit (https://sqlite.org/lang_altertable.html, "Making
        // Other Kinds Of Table Schema Changes").
        sqlite.pragma("foreign_keys = OFF");
        try {
          sqlite.transaction(() => {
            sqlite.exec(m.sql);
            const broken = sqlite.pragma("foreign_key_check") as unknown[];
            if (broken.length) throw new Error(`migration ${m.name} left ${broken.length} broken foreign key(s)`);
            sqlite.prepare("INSERT INTO _portico_migrations (name, checksum, applied_at) VALUES (?, ?, ?)").run(m.name, m.checksum, new Date().toISOString());
          }).immediate();
        } finally {
          sqlite.pragma("foreign_keys = ON");
        }
        ran.push(m.name);
      }
    } finally {
      sqlite.close();
    }
    return ran;
  }

  const { Client } = await import("pg");
  const client = new Client({ connectionString: cfg.url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${cfg.schema}"`);
    await client.query(`SET search_path TO "${cfg.schema}"`);
    // One migrator at a time across instances starting together.
    await client.query("SELECT pg_advisory_lock(7226351)");
    await client.query(LEDGER);
    const { rows } = await client.query<{ name: string; checksum: string }>("SELECT name, checksum FROM _portico_migrations");
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    assertUnchanged(applied, migrations);
    for (const m of migrations.filter((m) => !applied.has(m.name))) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO _portico_migrations (name, checksum, applied_at) VALUES ($1, $2, $3)", [m.name, m.checksum, new Date().toISOString()]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(error as Error).message}`);
      }
      ran.push(m.name);
    }
    await client.query("SELECT pg_advisory_unlock(7226351)");
  } finally {
    await client.end();
  }
  return ran;
}
