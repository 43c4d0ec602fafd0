import type { ChainReport, CheckpointRef } from "./verify-audit-chain";

const named = (c: CheckpointRef) => `checkpoint line ${c.line} (seq=${c.seq}, ${c.count} records, signed at ${c.at})`;

/**
 * One sentence for a verification result, shared by `npm run audit:verify`
 * and the audit viewer: which record broke the chain, or which checkpoint
 * the trail no longer reaches (the missing range) or no longer matches.
 */
export function describeChainReport(report: ChainReport, options: { brokenRecord?: { action: string; at: Date } | null } = {}): string {
  if (report.ok) {
    return (
      `audit trail intact: ${report.count} records verified` +
      (report.lastCheckpoint ? ` against ${report.checkpoints} signed checkpoints, the last ${named(report.lastCheckpoint)}` : ", no checkpoints to hold them against")
    );
  }
  switch (report.problem) {
    case "content_changed":
    case "link_broken": {
      const row = options.brokenRecord;
      const why = report.problem === "content_changed" ? "its content does not match its hash" : "it does not link to the record before it";
      return `audit trail BROKEN at record seq=${report.brokenSeq}` + (row ? ` action=${row.action} at=${row.at.toISOString()}` : "") + `: ${why} (${report.count} records before it verified)`;
    }
    case "truncated":
      return (
        `audit trail TRUNCATED: ${named(report.checkpoint)} but the trail ends at seq=${report.lastSeq} with ${report.count} records; ` +
        `missing: records after seq=${report.lastSeq} up to seq=${report.checkpoint.seq} (${report.missingRecords} records)`
      );
    case "head_mismatch":
      return (
        `audit trail REWRITTEN: ${named(report.checkpoint)} ` +
        (report.found ? `but the trail has hash ${report.found.hash.slice(0, 16)}… and ${report.found.count} records at that seq` : "but the trail has no record at that seq") +
        `: records at or before seq=${report.checkpoint.seq} were changed, removed or inserted and the chain recomputed`
      );
    case "checkpoint_invalid":
      return `audit checkpoints INVALID: line ${report.line} of the checkpoint file: ${report.why}`;
  }
}
