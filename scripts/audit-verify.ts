// npm run audit:verify — walks the whole audit trail, recomputing every
// record's hash and its link to the previous record, and holds it against
// every signed checkpoint in the checkpoint file (PORTICO_AUDIT_CHECKPOINTS,
// verified with PORTICO_AUDIT_CHECKPOINT_PUBLIC_KEY_FILE). Exits 0 when the
// chain is intact and reaches every checkpoint's head; otherwise exits 1 and
// names the first broken record (seq, action, time), or the checkpoint whose
// head is missing (truncation: the missing range) or differs (a rewrite).
import { closeDb, getDb } from "../lib/db";
import { config } from "../lib/config";
import { verifyAuditChain } from "../lib/audit/verify-audit-chain";
import { describeChainReport } from "../lib/audit/describe-chain-report";

(async () => {
  const report = await verifyAuditChain();
  if (report.ok) {
    console.log(describeChainReport(report));
    if (!report.lastCheckpoint) console.warn(`no checkpoints in ${config.auditCheckpoints.file}: records cut off the end would go unnoticed (npm start writes them)`);
    await closeDb();
    return;
  }
  const brokenRecord =
    "brokenSeq" in report ? await getDb().auditEvent.findUnique({ where: { seq: report.brokenSeq }, select: { action: true, at: true } }) : null;
  console.error(describeChainReport(report, { brokenRecord }));
  if (report.problem === "checkpoint_invalid") console.error(`checkpoint file: ${config.auditCheckpoints.file}`);
  await closeDb();
  process.exit(1);
})().catch(async (error) => {
  console.error(error);
  await closeDb().catch(() => undefined);
  process.exit(2);
});
