// The only writer of the audit trail. Append-only: there is no update or
// delete of AuditEvent anywhere in the code. Actions call it through
// auditedChange (./audited-change.ts), which runs it inside the same
// transaction as the change it records, so neither exists without the other.
import { config } from "@/lib/config";
import { dialect, type Tx } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { actorRole } from "@/lib/authz/require-role";
import type { Prisma } from "@/lib/db";
import { AUDIT_ACTIONS, type AuditAction } from "./audit-actions";
import { auditRecordEvent } from "@/lib/siem/siem-event";
import { auditHash, GENESIS_HASH } from "./hash";

export type AuditInput = {
  actor: Actor;
  /** One of the closed list in ./audit-actions.ts, which also fixes the target type. */
  action: AuditAction;
  targetId?: string | null;
  reason?: string | null;
  /** Context for readers. Never secrets, tokens or raw account numbers. */
  details?: Record<string, unknown>;
};

function toJsonObject(details: Record<string, unknown>): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(details)) as Prisma.InputJsonObject;
}

export async function recordAuditEvent(tx: Tx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const { actor } = input;
  if (dialect() === "postgres") {
    // Serialise appenders for the rest of this transaction so each reads the
    // true chain head. (On SQLite the single writer already does this; the
    // unique prevHash column is the backstop on both.)
    await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(4417001)");
  }
  const head = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const content = {
    at: new Date(),
    actorId: actor.kind === "user" ? actor.id : actor.kind === "client" ? actor.appId : actor.kind === "customer" ? actor.customerId : null,
    actorRole: actorRole(actor),
    actorLabel: actor.label,
    action: input.action,
    targetType: AUDIT_ACTIONS[input.action],
    targetId: input.targetId ?? null,
    reason: input.reason ?? null,
    sourceIp: actor.ip ?? null,
    // Stored and hashed as one JSON value: a round trip through JSON drops
    // what the column could not keep (undefined, functions), so the hash
    // covers exactly what is stored.
    details: toJsonObject(input.details ?? {}),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const hash = auditHash(content);
  const row = await tx.auditEvent.create({ data: { ...content, hash }, select: { seq: true } });
  // The SIEM sink's outbox, in the same transaction: the copy exists exactly when the record does.
  if (config.siem) await tx.siemOutbox.create({ data: auditRecordEvent({ ...content, seq: row.seq, hash }) });
  return { seq: row.seq, hash };
}

