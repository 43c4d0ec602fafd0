import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { makeUser } from "@/lib/testing/factories";
import { PorticoError } from "@/lib/errors";
import { recordAuditEvent } from "./record-audit-event";
import { listAuditEvents } from "./list-audit-events";
import { csvCell, exportAuditEventsCsv } from "./export-audit-events";
import { verifyAuditChain } from "./verify-audit-chain";

const root = path.resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "node_modules" ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("audit trail", () => {
  it("has no update or delete path anywhere in lib/, app/, gateway/ or scripts/", () => {
    const offenders: string[] = [];
    const pattern = /auditEvent\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\b|(UPDATE|DELETE\s+FROM|TRUNCATE)\s+"?AuditEvent"?/i;
    for (const dir of ["lib", "app", "gateway", "scripts"]) {
      for (const file of sourceFiles(path.join(root, dir))) {
        readFileSync(file, "utf8").split("\n").forEach((line, i) => {
          if (pattern.test(line)) offenders.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
        });
      }
    }
    expect(offenders).toEqual([]);
  });

  it("lists with filters for compliance and admins, records the read, and refuses developers", async () => {
    const compliance = await makeUser({ role: "compliance" });
    const admin = await makeUser({ role: "admin" });
    const developer = await makeUser({ role: "developer" });
    const targetId = `t-${Date.now()}`;
    await getDb().$transaction((tx) =>
      recordAuditEvent(tx, { actor: developer.actor, action: "app.submit", targetId, reason: "first" }),
    );
    await getDb().$transaction((tx) => recordAuditEvent(tx, { actor: admin.actor, action: "app.approve", targetId }));

    const all = await listAuditEvents({ actor: compliance.actor, unverifiedFilter: { targetId } });
    expect(all.events.map((e) => e.action)).toEqual(["app.approve", "app.submit"]);
    const byActor = await listAuditEvents({ actor: admin.actor, unverifiedFilter: { targetId, actor: developer.user.email } });
    expect(byActor.events.map((e) => e.action)).toEqual(["app.submit"]);
    const byAction = await listAuditEvents({ actor: compliance.actor, unverifiedFilter: { targetId, action: "app.approve" } });
    expect(byAction.events).toHaveLength(1);
    const future = await listAuditEvents({ actor: compliance.actor, unverifiedFilter: { targetId, from: "2999-01-01" } });
    expect(future.events).toHaveLength(0);
    const today = new Date().toISOString().slice(0, 10);
    const dated = await listAuditEvents({ actor: compliance.actor, unverifiedFilter: { targetId, from: today, to: today } });
    expect(dated.events).toHaveLength(2);
    const paged = await listAuditEvents({ actor: compliance.actor, unverifiedFilter: { targetId }, unverifiedPage: { take: 1 } });
    expect(paged.events).toHaveLength(1);
    expect(paged.nextBefore).toBe(paged.events[0]!.seq);

    const reads = await getDb().auditEvent.findMany({ where: { action: "audit.read", actorId: compliance.user.id } });
    expect(reads.length).toBe(5);
    expect(reads[0]!.details).toMatchObject({ filter: { targetId } });

    await expect(listAuditEvents({ actor: developer.actor, unverifiedFilter: {} })).rejects.toMatchObject({ code: "forbidden" });
    await expect(listAuditEvents({ actor: compliance.actor, unverifiedFilter: { from: "yesterday-ish" } })).rejects.toBeInstanceOf(PorticoError);
  });

  it("exports CSV with hashes, neutralises formulas, and audits the export", async () => {
    const compliance = await makeUser({ role: "compliance" });
    const targetId = `csv-${Date.now()}`;
    await getDb().$transaction((tx) =>
      recordAuditEvent(tx, { actor: compliance.actor, action: "token.revoke", targetId, reason: '=HYPERLINK("x"), with "quotes"' }),
    );
    const { csv, rows } = await exportAuditEventsCsv({ actor: compliance.actor, unverifiedFilter: { targetId } });
    expect(rows).toBe(1);
    const [header, line] = csv.trimEnd().split("\r\n");
    expect(header).toBe("seq,at,actorId,actorRole,actorLabel,action,targetType,targetId,reason,sourceIp,details,prevHash,hash");
    expect(line).toContain(`"'=HYPERLINK(""x""), with ""quotes"""`);
    expect(line).toMatch(/,[0-9a-f]{64},[0-9a-f]{64}$/);
    const exports = await getDb().auditEvent.findMany({ where: { action: "audit.export", actorId: compliance.user.id } });
    expect(exports).toHaveLength(1);
    expect(exports[0]!.details).toEqual({ filter: { targetId }, rows: 1 });
    expect(csvCell("-1+1")).toBe("'-1+1");
    expect(csvCell("plain")).toBe("plain");
  });

  // The chain check runs in-process; the CLI is spawned once, on the broken
  // chain, to prove its exit code and message (tsx start-up is slow on a
  // loaded machine, hence the generous timeout).
  it("npm run audit:verify names the record someone tampered with in the database", async () => {
    const db = getDb();
    const compliance = await makeUser({ role: "compliance" });
    const written: number[] = [];
    for (const reason of ["one", "two", "three"]) {
      const { seq } = await db.$transaction((tx) => recordAuditEvent(tx, { actor: compliance.actor, action: "app.suspend", targetId: "victim", reason }));
      written.push(seq);
    }
    const intact = await verifyAuditChain();
    expect(intact).toMatchObject({ ok: true });
    expect(intact.count).toBeGreaterThanOrEqual(3);

    const victim = written[1]!;
    const original = await db.auditEvent.findUniqueOrThrow({ where: { seq: victim } });
    // Raw SQL does not get the client's schema; name it (PostgreSQL test schemas).
    const cfg = databaseConfig();
    const table = cfg.dialect === "postgres" ? `"${cfg.schema}"."AuditEvent"` : `"AuditEvent"`;
    const [p1, p2] = cfg.dialect === "postgres" ? ["$1", "$2"] : ["?", "?"];
    const setReason = (reason: string | null) => db.$executeRawUnsafe(`UPDATE ${table} SET "reason" = ${p1} WHERE "seq" = ${p2}`, reason, victim);
    // Someone with database access rewrites history.
    await setReason("nothing to see here");
    try {
      expect(await verifyAuditChain()).toEqual({ ok: false, count: intact.count - (written.length - 1), brokenSeq: victim, problem: "content_changed" });
      const broken = spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(root, "scripts", "audit-verify.ts")], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL },
        encoding: "utf8",
        timeout: 150_000,
      });
      expect(broken.stderr).toContain(`seq=${victim} action=app.suspend at=${original.at.toISOString()}`);
      expect(broken.stderr).toContain("content does not match its hash");
      expect(broken.status).toBe(1);
    } finally {
      // Put the worker's database back for the test files that follow.
      await setReason(original.reason);
    }
    expect(await verifyAuditChain()).toEqual(intact);
  }, 180_000);
});
