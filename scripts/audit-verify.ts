// npm run audit:verify — walks the whole audit trail, recomputing every
// record's hash and its link to the previous record. Exits 0 when the chain
// is intact; otherwise exits 1 and names the first broken record (seq,
// action, time), from which everything later is suspect.
import { closeDb, getDb } from "../lib/db";
import { verifyAuditChain } from "../lib/audit/verify-audit-chain";

(async () => {
  const report = await verifyAuditChain();
  if (report.ok) {
    console.log(`audit trail intact: ${report.count} records verified`);
    await closeDb();
    return;
  }
  const row = await getDb().auditEvent.findUnique({ where: { seq: report.brokenSeq }, select: { seq: true, action: true, at: true } });
  const why = report.problem === "content_changed" ? "its content does not match its hash" : "it does not link to the record before it";
  console.error(
    `audit trail BROKEN at record seq=${report.brokenSeq}` +
      (row ? ` action=${row.action} at=${row.at.toISOString()}` : "") +
      `: ${why} (${report.count} records before it verified)`,
  );
  await closeDb();
  process.exit(1);
})().catch(async (error) => {
  console.error(error);
  await closeDb().catch(() => undefined);
  process.exit(2);
});
