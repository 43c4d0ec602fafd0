import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export type AuditContent = {
  at: Date;
  actorId: string | null;
  actorRole: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  reason: string | null;
  sourceIp: string | null;
  details: string;
  prevHash: string;
};

/**
 * SHA-256 over the record's content and the previous record's hash, in a
 * fixed field order. Changing any field of any record breaks every later
 * link, which `npm run audit:verify` reports.
 */
export function auditHash(c: AuditContent): string {
  const canonical = JSON.stringify([
    c.at.toISOString(),
    c.actorId,
    c.actorRole,
    c.actorLabel,
    c.action,
    c.targetType,
    c.targetId,
    c.reason,
    c.sourceIp,
    c.details,
    c.prevHash,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}
