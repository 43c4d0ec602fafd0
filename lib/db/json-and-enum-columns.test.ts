// Migration 0002 turns JSON strings into Json columns and closed-set strings
// into enums. A bank's running install must keep every row: this test builds
// a database at 0001_init, writes rows the way the previous release did
// (JSON text, plain strings, an audit chain hashed over the details text),
// applies 0002 and reads them back through Prisma as objects and enums.
import { createHash, randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseConfig, type DatabaseConfig } from "@/lib/config";
import { closeDb, getDb } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { systemActor } from "@/lib/authz/actor";
import { basePostgresUrl } from "@/lib/testing/test-database-url";

type Exec = (sql: string, params?: unknown[]) => Promise<void>;

const id = randomBytes(4).toString("hex");
const pg = basePostgresUrl();
const url = pg
  ? (() => {
      const u = new URL(pg);
      u.searchParams.set("schema", `t_migration_${id}`);
      return u.toString();
    })()
  : `file:${path.join(os.tmpdir(), `portico-migration-${id}.db`)}`;
const cfg: DatabaseConfig = databaseConfig(url);

/** Runs raw SQL on the database under test, outside Prisma (the old schema has no client). */
async function withConnection(run: (exec: Exec) => Promise<void>) {
  if (cfg.dialect === "sqlite") {
    const { default: Database } = await import("better-sqlite3");
    const sqlite = new Database(cfg.file);
    try {
      await run(async (sql, params = []) => void sqlite.prepare(sql).run(...(params as unknown[])));
    } finally {
      sqlite.close();
    }
    return;
  }
  const { Client } = await import("pg");
  const client = new Client({ connectionString: cfg.url });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${cfg.schema}"`);
    await run(async (sql, params = []) => {
      let n = 0;
      await client.query(sql.replace(/\?/g, () => `$${++n}`), params);
    });
  } finally {
    await client.end();
  }
}

/** The hash exactly as the previous release computed it: details as stored text. */
function oldAuditHash(row: { at: string; actorRole: string; action: string; details: string; prevHash: string }) {
  const canonical = JSON.stringify([row.at, null, row.actorRole, "seed", row.action, "app", "app_1", null, null, row.details, row.prevHash]);
  return createHash("sha256").update(canonical).digest("hex");
}

// Details as the previous release wrote them (JSON.stringify of an object),
// with the shapes a re-serialisation could get wrong: keys out of
// alphabetical order, an integer-like key, nesting, non-ASCII text, escapes.
const OLD_DETAILS = [
  JSON.stringify({ z: 1, a: "two", 10: true, nested: { y: [1, 2, { b: null, a: 0.5 }] } }),
  JSON.stringify({ reason: "Zahlungsverkehr — prüfen", quote: '"x"', emoji: "🏦", lineBreak: "a\nb" }),
  "{}",
];
const SPEC = '{"openapi":"3.0.3","paths":{"/zeta":{"get":{"operationId":"z"}},"/alpha":{"get":{"operationId":"a"}}}}';
const T0 = "2026-01-02T03:04:05.678Z";

const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  await migrate(cfg, { through: "0001_init" });
  await withConnection(async (exec) => {
    await exec(`INSERT INTO "Organisation" ("id","name","slug","status","createdAt") VALUES ('org_1','Acme','acme','suspended',?)`, [T0]);
    await exec(`INSERT INTO "User" ("id","email","name","passwordHash","role","status","organisationId","createdAt","updatedAt") VALUES ('u_1','c@bank.example','C','x','compliance','suspended','org_1',?,?)`, [T0, T0]);
    await exec(`INSERT INTO "Api" ("id","slug","name","visibility","createdAt","updatedAt") VALUES ('api_1','accounts','Accounts','restricted',?,?)`, [T0, T0]);
    await exec(
      `INSERT INTO "ApiVersion" ("id","apiId","version","lifecycle","title","tags","scopes","specSource","specResolved","specSha256","sizeBytes","createdAt","updatedAt") VALUES ('v_1','api_1','1.0.0','deprecated','Accounts','["b","a"]',?,?,?,'sha',10,?,?)`,
      ['{"write":"Write","read":"Read"}', SPEC, SPEC, T0, T0],
    );
    await exec(`INSERT INTO "ApiOperation" ("id","apiVersionId","operationId","method","path","tags","scopes") VALUES ('op_1','v_1','z','GET','/zeta','["b"]','[["read"],["write","read"]]')`);
    await exec(`INSERT INTO "ApiOperation" ("id","apiVersionId","operationId","method","path","tags","scopes") VALUES ('op_2','v_1','zz','POST','/zeta','[]','[]'), ('op_3','v_1','zzz','DELETE','/zeta','[]','[]')`);
    await exec(`INSERT INTO "SandboxCustomer" ("id","organisationId","customerRef","name","createdAt") VALUES ('c_1','org_1','ref','Cust',?)`, [T0]);
    await exec(
      `INSERT INTO "SandboxAccount" ("id","accountId","organisationId","customerId","name","type","iban","sortCode","accountNumber","currency","balanceMinor","createdAt") VALUES ('sa_1','acc_1','org_1','c_1','Savings','savings','GB00','00','1','GBP',5,?)`,
      [T0],
    );
    await exec(`INSERT INTO "App" ("id","organisationId","ownerId","name","status","createdAt","updatedAt") VALUES ('app_1','org_1','u_1','App','suspended',?,?)`, [T0, T0]);
    await exec(`INSERT INTO "AppApi" ("appId","apiVersionId","scopes") VALUES ('app_1','v_1','["read","write"]')`);
    await exec(`INSERT INTO "AppAccount" ("appId","accountId") VALUES ('app_1','sa_1')`);
    await exec(`INSERT INTO "AppRequest" ("id","appId","kind","status","createdAt","updatedAt") VALUES ('r_1','app_1','change','withdrawn',?,?)`, [T0, T0]);
    await exec(`INSERT INTO "AppRequestApi" ("requestId","apiVersionId","scopes") VALUES ('r_1','v_1','["read"]')`);
    await exec(`INSERT INTO "AccessToken" ("id","tokenHash","appId","scope","issuedVia","createdAt","expiresAt") VALUES ('t_1','h','app_1','read','portal_try_it',?,?)`, [T0, T0]);
    await exec(`INSERT INTO "BankSetting" ("key","value","updatedAt") VALUES ('makerChecker','true',?), ('logRetentionDays','30',?), ('label','"x"',?)`, [T0, T0, T0]);
    let prevHash = "0".repeat(64);
    for (const [i, details] of OLD_DETAILS.entries()) {
      const row = { at: new Date(Date.parse(T0) + i * 1000).toISOString(), actorRole: ["system", "client", "admin"][i]!, action: `test.old${i}`, details, prevHash };
      const hash = oldAuditHash(row);
      await exec(
        `INSERT INTO "AuditEvent" ("at","actorId","actorRole","actorLabel","action","targetType","targetId","reason","sourceIp","details","prevHash","hash") VALUES (?,NULL,?,'seed',?,'app','app_1',NULL,NULL,?,?,?)`,
        [row.at, row.actorRole, row.action, details, prevHash, hash],
      );
      prevHash = hash;
    }
  });
  expect(await migrate(cfg, { through: "0002_json_and_enum_columns" })).toEqual(["0002_json_and_enum_columns"]);
  await migrate(cfg); // the later migrations, so the schema is the one the client expects
  process.env.DATABASE_URL = url;
  await closeDb();
});

afterAll(async () => {
  await closeDb();
  process.env.DATABASE_URL = savedUrl;
  if (cfg.dialect === "sqlite") {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(cfg.file + suffix, { force: true });
  } else {
    const { Client } = await import("pg");
    const client = new Client({ connectionString: cfg.url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${cfg.schema}" CASCADE`);
    await client.end();
  }
});

describe(`migration 0002 on ${cfg.dialect}`, () => {
  it("keeps every row and reads JSON text back as values", async () => {
    const db = getDb();
    const version = await db.apiVersion.findUniqueOrThrow({ where: { id: "v_1" }, include: { operations: true } });
    expect(version.tags).toEqual(["b", "a"]);
    expect(version.scopes).toEqual({ write: "Write", read: "Read" });
    // Key order of the spec (the order of its paths) survives.
    expect(Object.keys((version.specResolved as { paths: object }).paths)).toEqual(["/zeta", "/alpha"]);
    expect(JSON.stringify(version.specSource)).toBe(SPEC);
    expect(version.operations.find((o) => o.id === "op_1")!.scopes).toEqual([["read"], ["write", "read"]]);
    expect(version.operations.find((o) => o.id === "op_1")!.tags).toEqual(["b"]);
    expect((await db.appApi.findFirstOrThrow({ where: { appId: "app_1" } })).scopes).toEqual(["read", "write"]);
    expect((await db.appRequestApi.findFirstOrThrow({ where: { requestId: "r_1" } })).scopes).toEqual(["read"]);
    const settings = Object.fromEntries((await db.bankSetting.findMany()).map((s) => [s.key, s.value]));
    expect(settings).toEqual({ makerChecker: true, logRetentionDays: 30, label: "x" });
    // Rows that reference a rebuilt table are still there: dropping the old
    // ApiVersion table did not cascade to its operations.
    expect(version.operations).toHaveLength(3);
  });

  it("reads closed-set strings back as enum values", async () => {
    const db = getDb();
    expect((await db.organisation.findUniqueOrThrow({ where: { id: "org_1" } })).status).toBe("suspended");
    const user = await db.user.findUniqueOrThrow({ where: { id: "u_1" } });
    expect([user.role, user.status]).toEqual(["compliance", "suspended"]);
    expect((await db.api.findUniqueOrThrow({ where: { id: "api_1" } })).visibility).toBe("restricted");
    expect((await db.apiVersion.findUniqueOrThrow({ where: { id: "v_1" } })).lifecycle).toBe("deprecated");
    expect((await db.apiOperation.findUniqueOrThrow({ where: { id: "op_1" } })).method).toBe("GET");
    expect((await db.sandboxAccount.findUniqueOrThrow({ where: { id: "sa_1" } })).type).toBe("savings");
    expect((await db.app.findUniqueOrThrow({ where: { id: "app_1" } })).status).toBe("suspended");
    const request = await db.appRequest.findUniqueOrThrow({ where: { id: "r_1" } });
    expect([request.kind, request.status]).toEqual(["change", "withdrawn"]);
    expect((await db.accessToken.findUniqueOrThrow({ where: { id: "t_1" } })).issuedVia).toBe("portal_try_it");
    // Methods sort the same on both databases (a PostgreSQL enum sorts in declaration order).
    const ordered = await db.apiOperation.findMany({ where: { apiVersionId: "v_1" }, orderBy: { method: "asc" } });
    expect(ordered.map((o) => o.method)).toEqual(["DELETE", "GET", "POST"]);
    // Filtering on an enum column works on the converted rows.
    expect(await db.app.count({ where: { status: "suspended" } })).toBe(1);
  });

  it("verifies the audit chain written before the migration, and after appending to it", async () => {
    const db = getDb();
    const events = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(events.map((e) => JSON.stringify(e.details))).toEqual(OLD_DETAILS);
    expect(events.map((e) => e.actorRole)).toEqual(["system", "client", "admin"]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, count: 3 });
    await db.$transaction((tx) => recordAuditEvent(tx, { actor: systemActor(), action: "app.update", targetId: "app_1", details: { z: 1, a: [undefined, "ü"], skip: undefined } }));
    expect(await verifyAuditChain()).toMatchObject({ ok: true, count: 4 });
    const last = await db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(last.details).toEqual({ z: 1, a: [null, "ü"] });
  });
});
