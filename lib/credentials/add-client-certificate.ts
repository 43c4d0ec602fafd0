import { z } from "zod";
import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { publishChange } from "@/lib/broadcast/change-bus";
import { appWhereForActor } from "@/lib/apps/app-scope";
import { assertNotSuspended } from "@/lib/apps/app-state";
import { parseOrThrow } from "@/lib/apps/app-input";
import { conflict, notFound } from "@/lib/errors";
import { parseClientCertificate } from "./parse-client-certificate";

const schema = z.object({ pem: z.string().min(1, "Paste a PEM certificate").max(64 * 1024, "A certificate is at most 64 KB") }).strict();

/** A developer adds a client certificate (PEM) for mutual TLS to their app. */
export async function addClientCertificate(options: { actor: Actor; appId: string; unverifiedInput: unknown; now?: Date }) {
  const { actor } = options;
  requireRole(actor, "developer");
  const { pem } = parseOrThrow(schema, options.unverifiedInput);
  const parsed = parseClientCertificate(pem, options.now);
  const cert = await getDb().$transaction(async (tx) => {
    const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId) });
    if (!app) throw notFound("App not found");
    assertNotSuspended(app);
    const existing = await tx.clientCertificate.findUnique({ where: { appId_thumbprint: { appId: app.id, thumbprint: parsed.thumbprint } } });
    if (existing && !existing.revokedAt) throw conflict("This certificate is already registered for this app");
    // A removed certificate added again gets its row back (the pair is unique), with a fresh history entry.
    const row = existing
      ? await tx.clientCertificate.update({ where: { id: existing.id }, data: { ...parsed, revokedAt: null, createdAt: new Date() } })
      : await tx.clientCertificate.create({ data: { ...parsed, appId: app.id } });
    await recordAuditEvent(tx, {
      actor,
      action: "certificate.add",
      targetType: "app",
      targetId: app.id,
      details: { certificateId: row.id, thumbprint: row.thumbprint, subject: row.subject, notAfter: row.notAfter.toISOString() },
    });
    return row;
  });
  await publishChange({ kind: "app", appId: options.appId });
  return cert;
}
