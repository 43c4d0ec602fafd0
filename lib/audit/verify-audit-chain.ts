import { getDb } from "@/lib/db";
import { auditHash, GENESIS_HASH } from "./hash";

export type ChainReport =
  | { ok: true; count: number }
  | { ok: false; count: number; brokenSeq: number; problem: "content_changed" | "link_broken" };

/**
 * Walks the audit trail in order, recomputing each record's hash and its
 * link to the previous one. Reports the first record that does not match.
 */
export async function verifyAuditChain(options: { batchSize?: number } = {}): Promise<ChainReport> {
  const db = getDb();
  const batchSize = options.batchSize ?? 2000;
  let prevHash = GENESIS_HASH;
  let afterSeq = 0;
  let count = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, take: batchSize });
    if (rows.length === 0) return { ok: true, count };
    for (const row of rows) {
      if (row.prevHash !== prevHash) return { ok: false, count, brokenSeq: row.seq, problem: "link_broken" };
      if (auditHash(row) !== row.hash) return { ok: false, count, brokenSeq: row.seq, problem: "content_changed" };
      prevHash = row.hash;
      afterSeq = row.seq;
      count++;
    }
  }
}
