import type { KeyObject } from "node:crypto";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { checkpointSignatureValid, readCheckpointFile, type AuditCheckpoint } from "./audit-checkpoint";
import { loadCheckpointPublicKey } from "./checkpoint-key";
import { auditHash, GENESIS_HASH } from "./hash";

/** A checkpoint as a report names it: where it is in the file and what it says. */
export type CheckpointRef = { line: number; seq: number; count: number; at: string };

export type ChainReport =
  | { ok: true; count: number; checkpoints: number; lastCheckpoint: CheckpointRef | null }
  | { ok: false; count: number; brokenSeq: number; problem: "content_changed" | "link_broken" }
  /** A line of the checkpoint file that does not parse or whose signature does not verify with the public key. */
  | { ok: false; count: number; problem: "checkpoint_invalid"; line: number; why: string }
  /**
   * The chain ends before a checkpoint's head: the records after `lastSeq`
   * up to the checkpoint's seq (`missingRecords` of them) were cut off.
   */
  | { ok: false; count: number; problem: "truncated"; checkpoint: CheckpointRef; lastSeq: number; missingRecords: number }
  /**
   * The chain at a checkpoint's seq is not the one that was signed: the record
   * there has another hash (the chain was recomputed from some earlier record
   * on), is gone, or the number of records up to it differs.
   */
  | { ok: false; count: number; problem: "head_mismatch"; checkpoint: CheckpointRef; found: { seq: number; hash: string; count: number } | null };

export type CheckpointSource = { file: string; publicKey: KeyObject | string };

const ref = (line: number, c: AuditCheckpoint): CheckpointRef => ({ line, seq: c.seq, count: c.count, at: c.at });

/**
 * Walks the audit trail in order, recomputing each record's hash and its
 * link to the previous one, and holds it against every signed checkpoint
 * (by default the file and public key of config.auditCheckpoints; pass
 * `checkpoints: null` for the chain alone). Reports the first problem.
 */
export async function verifyAuditChain(options: { batchSize?: number; checkpoints?: CheckpointSource | null } = {}): Promise<ChainReport> {
  const db = getDb();
  const batchSize = options.batchSize ?? 2000;
  const source = options.checkpoints === undefined ? defaultSource() : options.checkpoints;

  // Checkpoints first: a forged or damaged line is a finding of its own.
  const lines = source ? readCheckpointFile(source.file) : [];
  const checkpoints: { line: number; checkpoint: AuditCheckpoint }[] = [];
  if (lines.length) {
    const publicKey = typeof source!.publicKey === "string" ? loadCheckpointPublicKey(source!.publicKey) : source!.publicKey;
    for (const l of lines) {
      if ("invalid" in l) return { ok: false, count: 0, problem: "checkpoint_invalid", line: l.line, why: l.invalid };
      if (!checkpointSignatureValid(l.checkpoint, publicKey)) return { ok: false, count: 0, problem: "checkpoint_invalid", line: l.line, why: "signature does not verify" };
      checkpoints.push(l);
    }
    checkpoints.sort((a, b) => a.checkpoint.seq - b.checkpoint.seq || a.line - b.line);
  }

  let prevHash = GENESIS_HASH;
  let afterSeq = 0;
  let count = 0;
  let next = 0; // the first checkpoint not yet reached
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, take: batchSize });
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prevHash !== prevHash) return { ok: false, count, brokenSeq: row.seq, problem: "link_broken" };
      if (auditHash(row) !== row.hash) return { ok: false, count, brokenSeq: row.seq, problem: "content_changed" };
      prevHash = row.hash;
      afterSeq = row.seq;
      count++;
      // A checkpoint whose seq the walk passed without meeting: its head
      // record was removed and the chain re-linked over the hole.
      for (; next < checkpoints.length && checkpoints[next]!.checkpoint.seq < row.seq; next++) {
        const { line, checkpoint } = checkpoints[next]!;
        return { ok: false, count, problem: "head_mismatch", checkpoint: ref(line, checkpoint), found: null };
      }
      for (; next < checkpoints.length && checkpoints[next]!.checkpoint.seq === row.seq; next++) {
        const { line, checkpoint } = checkpoints[next]!;
        if (checkpoint.hash !== row.hash || checkpoint.count !== count) {
          return { ok: false, count, problem: "head_mismatch", checkpoint: ref(line, checkpoint), found: { seq: row.seq, hash: row.hash, count } };
        }
      }
    }
  }
  if (next < checkpoints.length) {
    // Cut off the end: name the furthest checkpoint, which spans the whole gap.
    const { line, checkpoint } = checkpoints[checkpoints.length - 1]!;
    return { ok: false, count, problem: "truncated", checkpoint: ref(line, checkpoint), lastSeq: afterSeq, missingRecords: checkpoint.count - count };
  }
  const last = checkpoints.length ? checkpoints.reduce((a, b) => (b.checkpoint.seq > a.checkpoint.seq ? b : a)) : null;
  return { ok: true, count, checkpoints: checkpoints.length, lastCheckpoint: last ? ref(last.line, last.checkpoint) : null };
}

function defaultSource(): CheckpointSource {
  const { file, publicKeyFile } = config.auditCheckpoints;
  return { file, publicKey: publicKeyFile };
}
