import { z } from "zod";
import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { publishChange } from "@/lib/broadcast/change-bus";
import { appWhereForActor } from "@/lib/apps/app-scope";
import { parseOrThrow } from "@/lib/apps/app-input";
import { conflict, notFound } from "@/lib/errors";

const schema = z.object({ reason: z.string().trim().max(2000).optional() }).strict();

/**
 * Revokes a client secret at once: the developer on their own app, or
 * compliance on any app. Security-critical: the gateway drops cached
 * checks on the published change.
 */
export async function revokeClientSecret(options: { actor: Actor; appId: string; secretId: string; unverifiedInput?: unknown }) {
  const { actor } = options;
  requireRole(actor, "developer", "compliance");
  const { reason } = parseOrThrow(schema, options.unverifiedInput ?? {});
  await getDb().$transaction(async (tx) => {
    const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId), select: { id: true } });
    if (!app) throw notFound("App not found");
    const secret = await tx.clientSecret.findFirst({ where: { id: options.secretId, appId: app.id } });
    if (!secret) throw notFound("Secret not found");
    if (secret.revokedAt) throw conflict("This secret is already revoked");
    await tx.clientSecret.update({ where: { id: secret.id }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, { actor, action: "secret.revoke", targetType: "app", targetId: app.id, reason: reason ?? null, details: { secretId: secret.id, hint: secret.hint } });
  });
  await publishChange({ kind: "app", appId: options.appId });
}
