// What the SIEM receives for one request log or one audit record: a flat
// JSON object with a stable `eventId` (the request log's row id, or
// `audit-<seq>`), so a receiver that sees an event twice — delivery is at
// least once — can drop the copy. Built from the rows as stored, after the
// redaction the log writer applies (lib/logs/redact-log-entry.ts): never
// secrets or raw account numbers. Pure (no database): the request-log
// thread bundles it.
import { redactText, redactValue } from "@/lib/errors/redact";

export type SiemEventKind = "request" | "audit";

/** One row of the outbox (SiemOutbox): the event's id, kind, time and JSON text. */
export type SiemOutboxEvent = { eventId: string; kind: SiemEventKind; at: Date; payload: string };

/** A request log as the writer stores it (already redacted), with its row id. */
export type SiemRequestLog = {
  id: string;
  at: Date;
  appId: string | null;
  organisationId: string | null;
  apiSlug: string | null;
  apiVersion: string | null;
  operationId: string | null;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  errorCode: string | null;
  detail: string;
  sourceIp: string | null;
};

export function requestLogEvent(row: SiemRequestLog): SiemOutboxEvent {
  const payload = {
    eventId: row.id,
    type: "request",
    at: row.at.toISOString(),
    appId: row.appId,
    organisationId: row.organisationId,
    api: row.apiSlug,
    apiVersion: row.apiVersion,
    operationId: row.operationId,
    method: row.method,
    path: row.path,
    status: row.status,
    latencyMs: row.latencyMs,
    errorCode: row.errorCode,
    detail: row.detail,
    sourceIp: row.sourceIp,
  };
  return { eventId: row.id, kind: "request", at: row.at, payload: JSON.stringify(payload) };
}

/** An audit record as stored (lib/audit/record-audit-event.ts), with its sequence number and hash. */
export type SiemAuditRecord = {
  seq: number;
  at: Date;
  actorId: string | null;
  actorRole: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  reason: string | null;
  sourceIp: string | null;
  details: unknown;
  hash: string;
};

/**
 * The audit copy for the SIEM. Audit details hold no secrets by contract;
 * the SIEM copy still goes through the log redaction (details and the free
 * text reason), so a slip in one action's details does not leave the bank.
 * The hash identifies the record in the chain (`npm run audit:verify`
 * checks the chain itself, in the database).
 */
export function auditRecordEvent(record: SiemAuditRecord): SiemOutboxEvent {
  const eventId = `audit-${record.seq}`;
  const payload = {
    eventId,
    type: "audit",
    at: record.at.toISOString(),
    seq: record.seq,
    action: record.action,
    actorId: record.actorId,
    actorRole: record.actorRole,
    actorLabel: record.actorLabel,
    targetType: record.targetType,
    targetId: record.targetId,
    reason: record.reason === null ? null : redactText(record.reason),
    sourceIp: record.sourceIp === null ? null : redactText(record.sourceIp),
    details: redactValue(record.details),
    hash: record.hash,
  };
  return { eventId, kind: "audit", at: record.at, payload: JSON.stringify(payload) };
}
