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
  /** The details object as stored (a Json column). */
  details: unknown;
  prevHash: string;
};

/**
 * SHA-256 over the record's content and the previous record's hash, in a
 * fixed field order. Changing any field of any record breaks every later
 * link, which `npm run audit:verify` reports.
 *
 * `details` enters as its JSON.stringify text, as it did when the column was
 * a String holding that text: stringify(parse(stringify(x))) is
 * stringify(x), and the column keeps key order (TEXT on SQLite, `json` on
 * PostgreSQL), so chains written before the Json column still verify.
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
    JSON.stringify(c.details),
    c.prevHash,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}
