// Audit checkpoints: signed statements of the chain head — "at time T the
// trail held `count` records and ended at record `seq` with hash `hash`" —
// appended as JSON lines to a file outside the database. The hash chain
// alone proves no record was changed or removed in the middle; it cannot
// prove the newest records were not cut off, nor that the whole chain was
// not recomputed. A checkpoint signed with a key the database does not hold
// can (lib/audit/verify-audit-chain.ts).
import { sign, verify, type KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { checkpointKeyId, type CheckpointSigningKey } from "./checkpoint-key";

const checkpointSchema = z.object({
  v: z.literal(1),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().positive(),
  at: z.string(),
  keyId: z.string(),
  sig: z.string(),
});

export type AuditCheckpoint = z.infer<typeof checkpointSchema>;
export type CheckpointHead = { seq: number; hash: string; count: number };

/** The signed bytes: the fields in a fixed order, so a verifier rebuilds them exactly. */
function signedText(c: Omit<AuditCheckpoint, "sig">): Buffer {
  return Buffer.from(JSON.stringify([c.v, c.seq, c.hash, c.count, c.at, c.keyId]));
}

export function signCheckpoint(head: CheckpointHead, key: CheckpointSigningKey, at = new Date()): AuditCheckpoint {
  const unsigned = { v: 1 as const, seq: head.seq, hash: head.hash, count: head.count, at: at.toISOString(), keyId: key.keyId };
  // Ed25519 (RFC 8032): the algorithm argument is null, the hash is built in.
  return { ...unsigned, sig: sign(null, signedText(unsigned), key.privateKey).toString("base64url") };
}

export function checkpointSignatureValid(c: AuditCheckpoint, publicKey: KeyObject): boolean {
  if (c.keyId !== checkpointKeyId(publicKey)) return false;
  return verify(null, signedText(c), publicKey, Buffer.from(c.sig, "base64url"));
}

/** One line of the checkpoint file: parsed, or why it could not be. */
export type CheckpointLine = { line: number; checkpoint: AuditCheckpoint } | { line: number; invalid: string };

/** Reads the checkpoint file; a missing file is no checkpoints. Blank lines are skipped. */
export function readCheckpointFile(file: string): CheckpointLine[] {
  if (!existsSync(file)) return [];
  const out: CheckpointLine[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, i) => {
      if (!text.trim()) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        out.push({ line: i + 1, invalid: "not JSON" });
        return;
      }
      const result = checkpointSchema.safeParse(parsed);
      out.push(result.success ? { line: i + 1, checkpoint: result.data } : { line: i + 1, invalid: "not a checkpoint" });
    });
  return out;
}
