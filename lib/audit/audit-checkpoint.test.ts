import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { systemActor } from "@/lib/authz/actor";
import { readCheckpointFile } from "./audit-checkpoint";
import { startAuditCheckpoints } from "./audit-checkpoint-schedule";
import { loadOrCreateCheckpointKey } from "./checkpoint-key";
import { describeChainReport } from "./describe-chain-report";
import { auditHash } from "./hash";
import { recordAuditEvent } from "./record-audit-event";
import { verifyAuditChain } from "./verify-audit-chain";
import { writeAuditCheckpoint } from "./write-audit-checkpoint";

const root = path.resolve(__dirname, "../..");

function checkpointDir() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-checkpoints-"));
  const keyFile = path.join(dir, "audit-checkpoint.key");
  const publicKeyFile = path.join(dir, "audit-checkpoint.pub");
  const file = path.join(dir, "audit-checkpoints.jsonl");
  const key = loadOrCreateCheckpointKey({ keyFile, publicKeyFile });
  return { dir, keyFile, publicKeyFile, file, key, source: { file, publicKey: publicKeyFile } };
}

async function append(n: number, label: string): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < n; i++) {
    const { seq } = await getDb().$transaction((tx) => recordAuditEvent(tx, { actor: systemActor(label), action: "user.create", targetId: `${label}-${i}` }));
    seqs.push(seq);
  }
  return seqs;
}

// Raw SQL, as someone with database access would write it (the code has no
// update or delete path for the trail). PostgreSQL test schemas need naming.
function raw() {
  const cfg = databaseConfig();
  const table = cfg.dialect === "postgres" ? `"${cfg.schema}"."AuditEvent"` : `"AuditEvent"`;
  const p = (i: number) => (cfg.dialect === "postgres" ? `$${i}` : "?");
  return {
    deleteFrom: (seq: number) => getDb().$executeRawUnsafe(`DELETE FROM ${table} WHERE "seq" >= ${p(1)}`, seq),
    set: (seq: number, fields: { reason?: string | null; prevHash?: string; hash?: string }) =>
      getDb().$executeRawUnsafe(
        `UPDATE ${table} SET ${Object.keys(fields).map((k, i) => `"${k}" = ${p(i + 1)}`).join(", ")} WHERE "seq" = ${p(Object.keys(fields).length + 1)}`,
        ...Object.values(fields),
        seq,
      ),
  };
}

describe("audit checkpoints", () => {
  it("creates the signing key once, private key mode 0600, public key beside it", () => {
    const c = checkpointDir();
    expect(statSync(c.keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(c.publicKeyFile, "utf8")).toContain("BEGIN PUBLIC KEY");
    const again = loadOrCreateCheckpointKey({ keyFile: c.keyFile, publicKeyFile: c.publicKeyFile });
    expect(again.keyId).toBe(c.key.keyId);
  });

  it("an untouched trail verifies against its checkpoints; the schedule writes only when the head moved, and on stop", async () => {
    const c = checkpointDir();
    await append(2, "cp-untouched");
    const schedule = await startAuditCheckpoints({
      settings: { file: c.file, keyFile: c.keyFile, publicKeyFile: c.publicKeyFile, intervalSeconds: 0, redisStream: "unused" },
    });
    expect(readCheckpointFile(c.file)).toHaveLength(1);
    await schedule.tick(); // head unchanged: nothing written
    expect(readCheckpointFile(c.file)).toHaveLength(1);
    await append(1, "cp-untouched-2");
    await schedule.stop(); // clean shutdown: the final head
    const lines = readCheckpointFile(c.file);
    expect(lines).toHaveLength(2);
    const head = await getDb().auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(lines[1]).toMatchObject({ line: 2, checkpoint: { seq: head.seq, hash: head.hash, count: await getDb().auditEvent.count(), keyId: c.key.keyId } });

    await append(1, "cp-after"); // records after the last checkpoint are fine
    const report = await verifyAuditChain({ checkpoints: c.source });
    expect(report).toMatchObject({ ok: true, checkpoints: 2, lastCheckpoint: { line: 2, seq: head.seq } });
  });

  it("deleting the newest records fails verification, naming the checkpoint and the missing range (also from npm run audit:verify)", async () => {
    const c = checkpointDir();
    const seqs = await append(3, "cp-truncate");
    const checkpoint = (await writeAuditCheckpoint({ file: c.file, key: c.key }))!;
    expect(checkpoint.seq).toBe(seqs[2]);
    expect(await verifyAuditChain({ checkpoints: c.source })).toMatchObject({ ok: true });

    // Someone cuts the last two records off the end: the chain alone still links.
    await raw().deleteFrom(seqs[1]!);
    expect(await verifyAuditChain({ checkpoints: null })).toMatchObject({ ok: true });
    const report = await verifyAuditChain({ checkpoints: c.source });
    expect(report).toEqual({
      ok: false,
      problem: "truncated",
      count: checkpoint.count - 2,
      lastSeq: seqs[0],
      missingRecords: 2,
      checkpoint: { line: 1, seq: seqs[2], count: checkpoint.count, at: checkpoint.at },
    });
    expect(describeChainReport(report)).toContain(`missing: records after seq=${seqs[0]} up to seq=${seqs[2]} (2 records)`);

    const cli = spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(root, "scripts", "audit-verify.ts")], {
      cwd: root,
      env: { ...process.env, PORTICO_AUDIT_CHECKPOINTS: c.file, PORTICO_AUDIT_CHECKPOINT_PUBLIC_KEY_FILE: c.publicKeyFile },
      encoding: "utf8",
      timeout: 150_000,
    });
    expect(cli.stderr).toContain(`audit trail TRUNCATED: checkpoint line 1 (seq=${seqs[2]}, ${checkpoint.count} records, signed at ${checkpoint.at})`);
    expect(cli.stderr).toContain(`missing: records after seq=${seqs[0]} up to seq=${seqs[2]} (2 records)`);
    expect(cli.status).toBe(1);
  }, 180_000);

  it("a chain recomputed from a rewritten record fails at the checkpoint's head", async () => {
    const c = checkpointDir();
    const [b, head] = await append(2, "cp-rewrite");
    const checkpoint = (await writeAuditCheckpoint({ file: c.file, key: c.key }))!;
    const rows = await getDb().auditEvent.findMany({ where: { seq: { in: [b!, head!] } }, orderBy: { seq: "asc" } });
    const [rowB, rowHead] = rows as [(typeof rows)[0], (typeof rows)[0]];
    // Rewrite B and recompute every hash after it, so the chain itself verifies.
    const newB = auditHash({ ...rowB, reason: "nothing happened" });
    const newHead = auditHash({ ...rowHead, prevHash: newB });
    await raw().set(b!, { reason: "nothing happened", hash: newB });
    await raw().set(head!, { prevHash: newB, hash: newHead });
    try {
      expect(await verifyAuditChain({ checkpoints: null })).toMatchObject({ ok: true });
      const report = await verifyAuditChain({ checkpoints: c.source });
      expect(report).toMatchObject({
        ok: false,
        problem: "head_mismatch",
        checkpoint: { line: 1, seq: head, count: checkpoint.count },
        found: { seq: head, hash: newHead, count: checkpoint.count },
      });
      expect(describeChainReport(report)).toContain(`audit trail REWRITTEN: checkpoint line 1 (seq=${head}`);
    } finally {
      // Put the worker's database back for the test files that follow.
      await raw().set(b!, { reason: rowB.reason, hash: rowB.hash });
      await raw().set(head!, { prevHash: rowHead.prevHash, hash: rowHead.hash });
    }
    expect(await verifyAuditChain({ checkpoints: c.source })).toMatchObject({ ok: true });
  });

  it("a forged or edited checkpoint fails verification", async () => {
    const c = checkpointDir();
    await append(1, "cp-forge");
    const checkpoint = (await writeAuditCheckpoint({ file: c.file, key: c.key }))!;
    // Moving the signed head back (to hide a later truncation) breaks the signature.
    appendFileSync(c.file, JSON.stringify({ ...checkpoint, seq: checkpoint.seq - 1 }) + "\n");
    expect(await verifyAuditChain({ checkpoints: c.source })).toEqual({ ok: false, count: 0, problem: "checkpoint_invalid", line: 2, why: "signature does not verify" });
    // A checkpoint signed with another key (one the attacker made) is refused too.
    const other = checkpointDir();
    await writeAuditCheckpoint({ file: c.file, key: other.key });
    writeFileSync(c.file, readFileSync(c.file, "utf8").split("\n").filter((_, i) => i !== 1).join("\n"));
    expect(await verifyAuditChain({ checkpoints: c.source })).toMatchObject({ ok: false, problem: "checkpoint_invalid", line: 2 });
  });
});
